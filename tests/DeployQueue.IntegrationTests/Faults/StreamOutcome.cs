namespace DeployQueue.IntegrationTests.Faults;

/// <summary>What a <see cref="DeployStream"/> produced under a fault: the figures of README's fault table, and the details
/// behind any that is not zero.</summary>
public sealed record StreamOutcome(
    int Deploys,
    TimeSpan Duration,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> MergedTwice,
    int NotMerged,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<string> Missing,
    int OutboxLeft,
    IReadOnlyDictionary<string, int> ErrorQueues,
    int InstancesExited)
{
    public bool Clean => Lost.Count + MergedTwice.Count + NotMerged + Duplicates.Count + Missing.Count + OutboxLeft + ErrorQueues.Count
        + InstancesExited == 0;

    /// <summary>Writes the scenario's row of README's table to the test output, then asserts every figure but the first two.</summary>
    public void AssertNothingLostOrDuplicated(string scenario, string faults)
    {
        TestContext.Out.WriteLine($"{Deploys} deploys ended in {Duration.TotalSeconds:F0} s after their requests were sent");
        TestContext.Out.WriteLine($"| {scenario} | {Deploys} | {faults} | {Lost.Count} | {MergedTwice.Count} | {Duplicates.Count} |");
        Assert.Multiple(() =>
        {
            Assert.That(Lost, Is.Empty, "deploys that did not reach their expected end");
            Assert.That(MergedTwice, Is.Empty, "PRs merged more than once");
            Assert.That(NotMerged, Is.Zero, "PRs never merged");
            Assert.That(Duplicates, Is.Empty, "downstream events sent under more than one MessageId");
            Assert.That(Missing, Is.Empty, "downstream messages missing");
            Assert.That(OutboxLeft, Is.Zero, "messages left unsent in the outbox");
            Assert.That(ErrorQueues, Is.Empty, "messages left in error queues");
            Assert.That(InstancesExited, Is.Zero, "instances that exited (none is restarted by hand)");
        });
    }
}
