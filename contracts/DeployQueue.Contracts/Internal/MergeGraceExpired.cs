namespace DeployQueue.Contracts;

/// <summary>
/// A deploy that failed at its merge timeout while its merge was outstanding keeps its lane until that merge reports,
/// and at the latest until this grace after the merge deadline. Scheduled by the deploy saga.
/// </summary>
public record MergeGraceExpired(Guid DeployId);
