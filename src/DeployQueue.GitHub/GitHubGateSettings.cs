namespace DeployQueue.GitHub;

/// <summary>Gate rules that <c>GateRules</c> of the domain does not carry (yet): GitHub-wide defaults of this adapter.</summary>
public sealed class GitHubGateSettings
{
    /// <summary>An approval counts only when given on the current head SHA; false lets earlier approvals count.</summary>
    public bool RequireApprovalOnHeadSha { get; set; } = true;

    /// <summary>Whether check runs concluding neutral or skipped count as passing.</summary>
    public bool NeutralAndSkippedPass { get; set; } = true;

    /// <summary>Check-run names or status contexts that must report; one that never reported is not a pass.</summary>
    public List<string> RequiredChecks { get; set; } = [];

    /// <summary>Re-reads of the PR while GitHub is still computing mergeability, and the pause between them.</summary>
    public int MergeabilityRechecks { get; set; } = 3;
    public TimeSpan MergeabilityRecheckDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
