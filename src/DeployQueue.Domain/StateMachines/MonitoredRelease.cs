using DeployQueue.Contracts;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The release a lane's monitor watches: the deploy that put it on the target, as its <see cref="MonitorRelease"/> said.</summary>
public class MonitoredRelease
{
    public Guid DeployId { get; set; }
    public int Attempt { get; set; }
    public int PrNumber { get; set; }
    public string MergeSha { get; set; } = "";
    public string? PreviousGoodSha { get; set; }
    public string DeployTaskId { get; set; } = "";
    public string PrUrl { get; set; } = "";
    public string Branch { get; set; } = "";
    public string? CommitBuildTaskId { get; set; }

    public static MonitoredRelease Of(MonitorRelease release) => new()
    {
        DeployId = release.DeployId,
        Attempt = release.Attempt,
        PrNumber = release.PrNumber,
        MergeSha = release.MergeSha,
        PreviousGoodSha = release.PreviousGoodSha,
        DeployTaskId = release.DeployTaskId,
        PrUrl = release.PrUrl,
        Branch = release.Branch,
        CommitBuildTaskId = release.CommitBuildTaskId,
    };
}
