namespace DeployQueue.Domain.Ports;

/// <summary>The rules a target applies at the gate.</summary>
/// <param name="RequiredApprovals">Approvals on the head by accounts with write access, the PR's author not counted.</param>
/// <param name="Branch">The base a PR must have; null: the repository's default branch.</param>
/// <param name="AllowNoChecks">Whether a head on which nothing has reported may merge (otherwise: checks pending).</param>
public sealed record GateRules(int RequiredApprovals, string? Branch = null, bool AllowNoChecks = false);
