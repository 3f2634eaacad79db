namespace DeployQueue.Simulators.Target;

/// <summary>What an API endpoint of the simulated service answers when no fault is in the way.</summary>
public sealed record SimulatedResponse(int Status, string Body, string ContentType = "application/json");
