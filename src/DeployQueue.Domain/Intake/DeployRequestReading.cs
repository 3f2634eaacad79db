using DeployQueue.Contracts;

namespace DeployQueue.Domain.Intake;

/// <summary>What could be read of a deploy request, and the problems that keep it from being taken (none: it can be).</summary>
public sealed record DeployRequestReading(DeployRequested Request, IReadOnlyList<string> Problems)
{
    public bool IsReadable => Problems.Count == 0;
    public string Reason => string.Join("; ", Problems);
}
