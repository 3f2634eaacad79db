namespace DeployQueue.Contracts;

/// <summary>One specific problem found by a deploy, classified; becomes one fix task.</summary>
public record Problem
{
    public FixTaskKind Kind { get; init; }
    public DeployStage Stage { get; init; }
    public string? Component { get; init; }
    public string Summary { get; init; } = "";
    public string? LogExcerpt { get; init; }
    public string? LogUrl { get; init; }
}
