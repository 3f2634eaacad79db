namespace DeployQueue.Bench.Reporting;

/// <summary>Messages one receive queue of the service consumed, and the mean time one took through its consume pipe.</summary>
public sealed record QueueActivity(string Queue, int Messages, double PerDeploy, double MeanMs);
