namespace DeployQueue.Domain.StateMachines;

/// <summary>The range of one check's figure over a watch, for the Stable announcement: "p95 12–48 ms (bound ≤ 500)".</summary>
public record CheckFigure(string Check, double Lowest, double Highest, string Bound);
