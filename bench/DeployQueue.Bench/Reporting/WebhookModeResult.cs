namespace DeployQueue.Bench.Reporting;

/// <summary>
/// One mode of the webhook measurement (polling only, or webhooks with polling an hour away), each phase with its own
/// GitHub counters: ready deploys (approved and green before the request), deploys approved while they wait at the
/// gate, and deploys whose pipeline fails after the merge.
/// </summary>
public sealed record WebhookModeResult(
    bool Webhooks,
    TimeSpan PollInterval,
    int Deploys,
    int ReadySucceeded,
    GitHubCost ReadyCost,
    LatencySummary ApprovalToMerge,
    int ApprovedSucceeded,
    GitHubCost ApprovalCost,
    LatencySummary FailureToFixTask,
    int FixTasks,
    GitHubCost FailureCost,
    int DeliveriesSent,
    int DeliveriesRefused);
