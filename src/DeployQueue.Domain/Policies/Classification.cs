using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// A failed job's log, read: which fix-task kind it is, the service at fault where the log or the job names one, the line
/// that shows the cause, the excerpt around it, and how sure the reading is.
/// </summary>
public sealed record Classification(FixTaskKind Kind, string? Service, string Excerpt, string CausalLine, ClassificationConfidence Confidence);
