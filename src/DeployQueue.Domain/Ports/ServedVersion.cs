namespace DeployQueue.Domain.Ports;

/// <summary>What a version endpoint answered: whether it is the SHA asked about, and the answer in words.</summary>
public sealed record ServedVersion(bool Matches, string Observed);
