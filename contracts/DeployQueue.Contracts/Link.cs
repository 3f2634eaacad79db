namespace DeployQueue.Contracts;

/// <summary>A link shown with an announcement or a fix task.</summary>
public record Link(string Title, string Url);
