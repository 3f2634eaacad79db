namespace DeployQueue.Contracts;

/// <summary>A check that blocks the gate.</summary>
public record CheckProblem(string Name, string Conclusion, string? Url, string? Summary);
