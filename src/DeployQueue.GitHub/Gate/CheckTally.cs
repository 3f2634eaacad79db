using DeployQueue.Contracts;

namespace DeployQueue.GitHub.Gate;

/// <summary>The checks on a head SHA, sorted into failing and still running (a required check that never
/// reported is still running: not a pass).</summary>
internal sealed record CheckTally(IReadOnlyList<CheckProblem> Failing, IReadOnlyList<CheckProblem> Pending, bool NothingReported);
