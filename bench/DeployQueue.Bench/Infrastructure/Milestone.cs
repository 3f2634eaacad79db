namespace DeployQueue.Bench.Infrastructure;

/// <summary>What a deploy reached, and when the bench saw it: the moment its request was published, and the
/// moment each downstream message about it arrived (Stable: its monitoring window passed).</summary>
public enum Milestone { Requested, Claimed, Merged, Succeeded, Failed, FixTaskRequested, Stable }
