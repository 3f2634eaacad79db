namespace DeployQueue.Domain.StateMachines;

/// <summary>Why a lane is locked, by whom, since when: shown wherever the lane is.</summary>
public record LaneLock(string Reason, string Author, DateTimeOffset Since);
