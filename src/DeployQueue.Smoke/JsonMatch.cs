namespace DeployQueue.Smoke;

/// <summary>What a JsonEquals check found: whether it matched, and the value seen, for the report.</summary>
readonly record struct JsonMatch(bool Matched, string Found);
