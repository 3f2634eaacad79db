namespace DeployQueue.Bench.Reporting;

/// <summary>One service process holding deploys that wait in lanes behind a deploy that never finishes.</summary>
public sealed record WaitingMemoryResult(int Waiting, int Lanes, int Claimed, double SecondsToClaimAll, double IdleResidentMb,
    double PeakResidentMb, double SettledResidentMb, long LaneRowBytes);
