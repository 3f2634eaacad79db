using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// End to end: a burst of deploys through one or more instances of the real service, every PR approved and green,
/// every pipeline green at its first look, every target running the merged SHA at once. Timed from the first request
/// published to the last deploy's final announcement. A short warm-up batch goes first, not counted.
/// </summary>
public static class ThroughputBenchmark
{
    public static async Task<ThroughputResult> Run(SimulatedWorld world, int instances, int deploys, TimeSpan pollInterval,
        BenchTuning tuning, DatabaseActivity database, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        var serviceSettings = world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval);
        await using var service = await ServiceInstances.Start(instances, serviceSettings, tuning);
        await using var client = await BenchClient.Start(environment);

        var warmUp = world.ReadyDeploys(Math.Min(world.Repositories.Count, 20));
        await client.RequestAll(warmUp);
        await client.Milestones.WaitFor(warmUp.Select(d => d.DeployId).ToList(), warmUp.Count, bound, Milestone.Succeeded, Milestone.Failed);

        var batch = world.ReadyDeploys(deploys);
        var ids = batch.Select(d => d.DeployId).ToList();
        var consumedBefore = service.Consumed.ByQueue;
        var transitionsBefore = service.Consumed.SagaTransitions;
        var faultsBefore = service.Consumed.Faults;
        var stateChangesBefore = await environment.Scalar("SELECT count(*) FROM deploy_transitions");
        var (commandsBefore, conflictsBefore) = (database.Commands, database.Conflicts);
        world.GitHub.Requests.Reset();
        var cpu = new CpuMeter();

        var started = DateTimeOffset.UtcNow;
        await client.RequestAll(batch);
        await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.Succeeded, Milestone.Failed);
        var ended = client.Milestones.Last(ids, Milestone.Succeeded, Milestone.Failed) ?? DateTimeOffset.UtcNow;

        var used = cpu.Stop();
        var seconds = (ended - started).TotalSeconds;
        var succeeded = ids.Count(id => client.Milestones.At(id, Milestone.Succeeded) is not null);
        var finished = ids.Count(id => client.Milestones.At(id, Milestone.Succeeded) is not null || client.Milestones.At(id, Milestone.Failed) is not null);
        var transitions = service.Consumed.SagaTransitions - transitionsBefore;
        var stateChanges = await environment.Scalar("SELECT count(*) FROM deploy_transitions") - stateChangesBefore;
        var commands = database.Commands - commandsBefore;
        var requests = world.GitHub.Requests;

        return new ThroughputResult(
            Instances: instances,
            Repositories: world.Repositories.Count,
            Deploys: deploys,
            Succeeded: succeeded,
            NotFinished: deploys - finished,
            FaultedMessages: service.Consumed.Faults - faultsBefore,
            Seconds: seconds,
            DeploysPerSecond: succeeded / seconds,
            SagaTransitions: transitions,
            SagaTransitionsPerSecond: transitions / seconds,
            StateChanges: stateChanges,
            StateChangesPerSecond: stateChanges / seconds,
            ConsumedByQueue: QueueActivities(consumedBefore, service.Consumed.ByQueue, deploys),
            Claimed: LatencySummary.Of(client.Milestones.LatenciesMs(ids, Milestone.Claimed)),
            Merged: LatencySummary.Of(client.Milestones.LatenciesMs(ids, Milestone.Merged)),
            SucceededLatency: LatencySummary.Of(client.Milestones.LatenciesMs(ids, Milestone.Succeeded)),
            GitHub: GitHubCost.Of(requests, succeeded),
            Database: new DatabaseCost(commands, (double)commands / Math.Max(1, transitions), database.Conflicts - conflictsBefore),
            Cpu: used);
    }

    static List<QueueActivity> QueueActivities(IReadOnlyDictionary<string, (int Count, double TotalMs)> before,
        IReadOnlyDictionary<string, (int Count, double TotalMs)> after, int deploys) => after
        .Select(q =>
        {
            var (count, totalMs) = (q.Value.Count - before.GetValueOrDefault(q.Key).Count, q.Value.TotalMs - before.GetValueOrDefault(q.Key).TotalMs);
            return new QueueActivity(q.Key, count, (double)count / deploys, count == 0 ? 0 : totalMs / count);
        })
        .OrderByDescending(q => q.Messages * q.MeanMs)
        .ToList();
}
