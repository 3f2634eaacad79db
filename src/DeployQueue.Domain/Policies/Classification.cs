using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>A failed job's log, read: which fix-task kind it is, who is at fault, and the lines that show it.</summary>
public sealed record Classification(FixTaskKind Kind, string? Component, string Excerpt);
