namespace DeployQueue.Contracts;

/// <summary>Scheduled by the deploy saga through the bus scheduler; a timeout is an event, never a sleep.</summary>
public record MergeTimeoutExpired(Guid DeployId);

/// <summary>
/// A deploy that failed at its merge timeout while its merge was outstanding keeps its lane until that merge reports,
/// and at the latest until this grace after the merge deadline. Scheduled by the deploy saga.
/// </summary>
public record MergeGraceExpired(Guid DeployId);

/// <inheritdoc cref="MergeTimeoutExpired"/>
public record DeployTimeoutExpired(Guid DeployId);

/// <inheritdoc cref="MergeTimeoutExpired"/>
public record SmokeTimeoutExpired(Guid DeployId);

/// <summary>Time to look at the gate again (a PR waiting for approval or checks). Scheduled by the deploy saga.</summary>
public record GateRecheckDue(Guid DeployId);

/// <summary>
/// Time to queue for the lane again with the same ticket: a request or grant lost on its way is healed, and the lane
/// probes a holder whose release was lost. Scheduled by the deploy saga while it waits for its lane.
/// </summary>
public record LaneRecheckDue(Guid DeployId);

/// <summary>Time to look at the pipeline again. Scheduled by the deploy saga.</summary>
public record DeploymentRecheckDue(Guid DeployId);

/// <summary>Time to run the smoke checks again on a target that was not ready yet. Scheduled by the deploy saga.</summary>
public record SmokeRecheckDue(Guid DeployId);
