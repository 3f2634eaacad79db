namespace DeployQueue.Domain.Telemetry;

/// <summary>
/// The name of the meter every Deploy Queue instrument belongs to (deploys, fix tasks, GitHub calls, webhooks), as
/// OpenTelemetry and `/metrics` list it. Each part creates its own instruments on a meter of this name.
/// </summary>
public static class DeployQueueMeter
{
    public const string Name = "DeployQueue";
}
