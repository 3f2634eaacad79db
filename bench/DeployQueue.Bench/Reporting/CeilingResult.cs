namespace DeployQueue.Bench.Reporting;

/// <summary>A bare MassTransit consumer on the same broker with the service's queue settings.</summary>
public sealed record CeilingResult(int Messages, double Seconds, double MessagesPerSecond, CpuUse Cpu);
