using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Persistence.History;

/// <summary>What the queue did, for the audit trail and <c>deployq status</c>.</summary>
public interface IDeployHistory
{
    /// <summary>Every transition of the deploys of one PR (to one target, or to all), oldest first.</summary>
    Task<IReadOnlyList<DeployTransition>> ForPullRequest(string repository, int prNumber, string? target = null,
        CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="limit"/> transitions on a target (of one repository, or of all), oldest first.</summary>
    Task<IReadOnlyList<DeployTransition>> ForTarget(string target, string? repository = null, int limit = 100,
        CancellationToken cancellationToken = default);

    /// <summary>The deploys as they stand now (of one repository, target and/or state, or all), most recently started first.</summary>
    Task<IReadOnlyList<DeployState>> Deploys(string? repository = null, string? target = null, CancellationToken cancellationToken = default,
        string? state = null);

    /// <summary>One deploy as it stands now; null if there is none.</summary>
    Task<DeployState?> Deploy(Guid deployId, CancellationToken cancellationToken = default);

    /// <summary>The lanes (of one repository and/or target, or all): who holds each, who waits in which order.</summary>
    Task<IReadOnlyList<LaneState>> Lanes(string? repository = null, string? target = null, CancellationToken cancellationToken = default);

    /// <summary>The lanes' monitors (of one repository and/or target, or all): the release each watches or watched last, and how.</summary>
    Task<IReadOnlyList<MonitorState>> Monitors(string? repository = null, string? target = null, CancellationToken cancellationToken = default);

    /// <summary>The SHA of the last deploy that succeeded on the target: what a rollback goes back to; null if none yet.</summary>
    Task<string?> LastKnownGoodSha(string repository, string target, CancellationToken cancellationToken = default);
}
