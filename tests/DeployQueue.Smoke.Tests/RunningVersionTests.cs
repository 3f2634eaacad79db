namespace DeployQueue.Smoke.Tests;

/// <summary>What a version endpoint may answer for the merge SHA, and what it may not be mistaken for.</summary>
[TestFixture]
public class RunningVersionTests
{
    const string Sha = "4f2c9e1b7a3d5c8e9f0a1b2c3d4e5f6a7b8c9d0e";

    [TestCase(Sha)]
    [TestCase("4f2c9e1")]
    [TestCase("4F2C9E1B7A")]
    [TestCase("{\"service\":\"shop\",\"version\":\"4f2c9e1b7a3d5c8e9f0a1b2c3d4e5f6a7b8c9d0e\"}")]
    [TestCase("{\"build\":{\"commit\":\"4f2c9e1\"}}")]
    [TestCase("shop 2.4.1 (4f2c9e1b) built 2026-11-29")]
    [TestCase("sha=4f2c9e1b7a3d\n")]
    public void The_sha_or_a_prefix_of_seven_or_more_as_a_whole_token_matches(string body) =>
        Assert.That(RunningVersion.Matches(body, Sha), Is.True);

    [TestCase("4f2c9e1a0000000000000000000000000000000", Description = "another SHA with the same first seven characters")]
    [TestCase("{\"version\":\"4f2c9e10000000000000000000000000000000000\"}", Description = "the same, inside JSON")]
    [TestCase("4f2c9e", Description = "six characters are too few")]
    [TestCase("v4f2c9e1x", Description = "not a token of its own")]
    [TestCase("4f2c9e1b7a3d5c8e9f0a1b2c3d4e5f6a7b8c9d0e1", Description = "longer than the SHA")]
    [TestCase("", Description = "nothing")]
    public void Anything_else_does_not(string body) =>
        Assert.That(RunningVersion.Matches(body, Sha), Is.False);
}
