using System.Security.Cryptography;

namespace DeployQueue.Simulators.GitHub;

/// <summary>Fresh identifiers the way GitHub shapes them.</summary>
internal static class Ids
{
    static long next = 1_000_000;

    public static long Next() => Interlocked.Increment(ref next);

    public static string NewSha() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
