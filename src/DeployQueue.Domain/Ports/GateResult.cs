using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <param name="HeadSha">The head SHA the verdict is about; the merge is pinned to it.</param>
/// <param name="MergeSha">For <see cref="GateVerdict.AlreadyMerged"/>: the merge commit.</param>
public sealed record GateResult(
    GateVerdict Verdict,
    string HeadSha,
    string Detail,
    IReadOnlyList<CheckProblem> Checks,
    string? MergeSha = null);
