using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;

namespace DeployQueue.Persistence.History;

/// <summary>
/// What the queue did, for the audit trail, the status page, the HTTP API and <c>deployq status</c>: each question answered by
/// one query that filters, orders and limits in PostgreSQL, so that a long history costs no more than the rows shown.
/// </summary>
public interface IDeployHistory
{
    /// <summary>How many deploys <see cref="Deploys"/> returns unless told otherwise.</summary>
    const int DefaultLimit = 50;

    /// <summary>Every transition of the deploys of one PR (to one target, or to all), oldest first.</summary>
    Task<IReadOnlyList<DeployTransition>> ForPullRequest(string repository, int prNumber, string? target = null,
        CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="limit"/> transitions on a target (of one repository, or of all), oldest first.</summary>
    Task<IReadOnlyList<DeployTransition>> ForTarget(string target, string? repository = null, int limit = 100,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The deploys as they stand now (of one repository, target and/or state, or all), most recently started first: the
    /// <paramref name="limit"/> after the first <paramref name="offset"/>.
    /// </summary>
    Task<IReadOnlyList<DeployState>> Deploys(string? repository = null, string? target = null, string? state = null, int limit = DefaultLimit,
        int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>One deploy as it stands now; null if there is none.</summary>
    Task<DeployState?> Deploy(Guid deployId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The lanes (of one repository and/or target, or all) as people look at them: each one's lock, holder and queue in order,
    /// read with the deploys in them only (under way, waiting, or holding a lane), not the finished history.
    /// </summary>
    Task<IReadOnlyList<LaneView>> Lanes(string? repository = null, string? target = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The DORA figures of every target over each of <see cref="DoraFigures.WindowDays"/> up to <paramref name="now"/>, read from the
    /// deploys with an attempt that ended in the longest window, and of those only what the figures count.
    /// </summary>
    Task<IReadOnlyList<DoraFigures>> Dora(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The lanes' monitors (of one repository and/or target, or all): the release each watches or watched last, and how.</summary>
    Task<IReadOnlyList<MonitorState>> Monitors(string? repository = null, string? target = null, CancellationToken cancellationToken = default);

    /// <summary>The SHA of the last deploy that succeeded on the target: what a rollback goes back to; null if none yet.</summary>
    Task<string?> LastKnownGoodSha(string repository, string target, CancellationToken cancellationToken = default);
}
