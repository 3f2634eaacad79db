using DeployQueue.Domain.Views;

namespace DeployQueue.Service.Status;

/// <summary>The DORA figures of every target as they were read at <see cref="AsOf"/>.</summary>
public sealed record DoraSnapshot(DateTimeOffset AsOf, IReadOnlyList<DoraFigures> Figures);
