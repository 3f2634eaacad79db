namespace DeployQueue.Bench.Reporting;

/// <summary>A target of DESIGN.md §10 against what was measured.</summary>
public sealed record Verdict(string Target, string Measured, bool Met);
