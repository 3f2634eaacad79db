namespace DeployQueue.Domain.Configuration;

public sealed class SmokeTestOptions
{
    public string Method { get; set; } = "GET";
    public string Path { get; set; } = "/";
    public int ExpectStatus { get; set; } = 200;
    public string? BodyContains { get; set; }
    /// <summary>A JSON path (dot-separated) and the value it must have, e.g. "status=ok".</summary>
    public string? JsonEquals { get; set; }
    public int? MaxLatencyMs { get; set; }
}
