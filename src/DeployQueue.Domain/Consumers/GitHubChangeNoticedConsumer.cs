using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using MassTransit;
using MassTransit.Saga;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Finds the deploys a change on GitHub may concern and tells each to look now: for the gate, those waiting at it for
/// one of the event's PRs or for its head SHA; for a deployment, those watching the deployment of its SHA. Only a hint:
/// each deploy reads GitHub's API before it decides anything.
/// </summary>
public class GitHubChangeNoticedConsumer(IQuerySagaRepository<DeployState> deploys) : IConsumer<GitHubChangeNoticed>
{
    public async Task Consume(ConsumeContext<GitHubChangeNoticed> context)
    {
        var change = context.Message;
        var repository = change.Repository.ToLowerInvariant();
        var prNumbers = change.PrNumbers.ToList();
        var sha = change.Sha;

        var concerned = change.Concerns switch
        {
            GitHubChangeConcern.Gate => await deploys.Find(new SagaQuery<DeployState>(d =>
                d.CurrentState == WaitingAtGate && d.Repository.ToLower() == repository
                && (prNumbers.Contains(d.PrNumber) || (sha != null && d.Attempt.HeadSha == sha)))),
            _ => await deploys.Find(new SagaQuery<DeployState>(d =>
                d.CurrentState == WatchingDeployment && d.Repository.ToLower() == repository
                && sha != null && d.Attempt.MergeSha == sha)),
        };

        var reason = $"{change.Event}{(change.Action is { Length: > 0 } action ? "." + action : "")} (delivery {change.DeliveryId})";
        foreach (var deployId in concerned)
            await context.Publish(new DeployLookNow(deployId, reason));
    }

    const string WaitingAtGate = nameof(DeployStateMachine.AwaitingGate);
    const string WatchingDeployment = nameof(DeployStateMachine.Deploying);
}
