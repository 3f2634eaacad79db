namespace DeployQueue.GitHub.Gate;

/// <summary>What the reviews of a PR amount to.</summary>
internal sealed record ApprovalTally(int Approvals, int Required, IReadOnlyList<string> ChangesRequestedBy, IReadOnlyList<string> StaleApprovalsBy,
    IReadOnlyList<string> ApprovalsWithoutWriteAccessBy)
{
    public bool Satisfied => ChangesRequestedBy.Count == 0 && Approvals >= Required;

    public string Describe() =>
        ChangesRequestedBy.Count > 0 ? $"changes requested by {string.Join(", ", ChangesRequestedBy)}" :
        $"{Approvals} of {Required} required approvals on the head commit" +
        (StaleApprovalsBy.Count > 0 ? $"; approvals by {string.Join(", ", StaleApprovalsBy)} were given on an older commit" : "") +
        (ApprovalsWithoutWriteAccessBy.Count > 0 ? $"; approvals by {string.Join(", ", ApprovalsWithoutWriteAccessBy)} do not count (no write access)" : "");
}
