namespace DeployQueue.Domain.Ports;

public enum MergeOutcomeKind
{
    Merged,
    /// <summary>Already merged at the pinned head SHA: a redelivery, never a second merge.</summary>
    AlreadyMerged,
    /// <summary>The branch moved after the gate (GitHub's 409 for a stale sha): gate again.</summary>
    HeadMoved,
    Conflict,
    /// <summary>Refused for another reason (405, 409, 422, branch protection): a person must look.</summary>
    Refused,
}
