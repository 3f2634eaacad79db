using System.Diagnostics;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// A stream of deploys through an <see cref="EndToEndSystem"/> with one lane per repository (each repository deploys to a
/// target of its own, so lanes run side by side): ready PRs whose pipelines pass, and every tenth one failing in its deploy
/// job, so that fix tasks flow as well as hand-overs to e2e. <see cref="Finish"/> waits for every deploy's end and reads
/// what came out; <see cref="StreamOutcome.AssertNothingLostOrDuplicated"/> holds it to what a fault must never cost.
/// </summary>
public sealed class DeployStream
{
    const string FailingLog = """
        Running pre-upgrade hook job shop-db-migrate
        [shop-db-migrate] Npgsql.PostgresException (0x80004005): 42701: column "discount_code" of relation "orders" already exists
        Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:
        ##[error]Process completed with exit code 1.
        """;

    readonly EndToEndSystem _system;
    readonly SagaStore _store;
    readonly List<PlannedDeploy> _deploys = [];

    public sealed record PlannedDeploy(string Repository, string Target, int PrNumber, Guid DeployId, bool Fails, SimulatedPullRequest Pull);

    /// <summary>Lane names for <see cref="EndToEndSystem.Create"/>: one target per repository.</summary>
    public static string[] Targets(int lanes) => Enumerable.Range(1, lanes).Select(i => $"lane{i}").ToArray();

    /// <summary>Plans <paramref name="perLane"/> deploys on each of the system's lanes, each pipeline at <paramref name="pace"/>.</summary>
    public DeployStream(EndToEndSystem system, int perLane, Pace pace)
    {
        _system = system;
        _store = new SagaStore(system.Database);
        var lanes = system.Repositories.Zip(system.Targets.Keys.Order(StringComparer.Ordinal));
        foreach (var (repository, target) in lanes)
        {
            system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(target, pace));
            for (var prNumber = 1; prNumber <= perLane; prNumber++)
            {
                var fails = prNumber % 10 == 5;
                var pull = system.ReadyPullRequest(repository, prNumber);
                if (fails)
                    pull.OnMerge(PipelineScript.FailingIn("deploy", FailingLog, pace: pace));
                _deploys.Add(new PlannedDeploy(repository, target, prNumber, DeployIdentity.DeployId(repository, prNumber, target), fails, pull));
            }
        }
    }

    public IReadOnlyList<PlannedDeploy> Deploys => _deploys;
    public IReadOnlySet<Guid> DeployIds => _deploys.Select(d => d.DeployId).ToHashSet();

    /// <summary>
    /// Starts two instances of the service (<paramref name="start"/>, when given, starts them its own way), sends every request,
    /// runs <paramref name="whileRunning"/> (the fault), and waits up to <paramref name="bound"/> for every deploy to end; a
    /// failure writes the instances' output to the test's.
    /// </summary>
    public async Task<StreamOutcome> RunOnTwoInstances(Func<ServiceProcesses, Task> whileRunning, TimeSpan bound,
        Func<ServiceProcesses, Task>? start = null)
    {
        await using var services = new ServiceProcesses(_system);
        try
        {
            await (start ?? StartTwo)(services);
            var clock = Stopwatch.StartNew();
            foreach (var deploy in _deploys)
                await _system.SendToDeployQueue(SeedTask.Json(deploy.Repository, deploy.PrNumber, deploy.Target));
            TestContext.Out.WriteLine($"{_deploys.Count} requests sent in {clock.Elapsed.TotalSeconds:F0} s");
            await whileRunning(services);
            var outcome = await Finish(bound, services, clock);
            if (!outcome.Clean)
                services.WriteOutputs();
            return outcome;
        }
        catch
        {
            services.WriteOutputs();
            throw;
        }
    }

    static async Task StartTwo(ServiceProcesses services)
    {
        await services.Start();
        await services.Start();
    }

    /// <summary>Waits up to <paramref name="bound"/> until at least <paramref name="count"/> deploys ended.</summary>
    public async Task WaitUntilFinished(int count, TimeSpan bound) =>
        await Eventually.Poll(() => _store.Finished(DeployIds), d => d.Count >= count, bound);

    /// <summary>Waits up to <paramref name="bound"/> for every deploy to end and for the outbox to empty, then reads the downstream
    /// queues and the error queues.</summary>
    async Task<StreamOutcome> Finish(TimeSpan bound, ServiceProcesses services, Stopwatch clock)
    {
        var ids = DeployIds;
        var finished = await Eventually.Poll(() => _store.Finished(ids), d => d.Count == ids.Count, bound);
        var duration = clock.Elapsed;
        var outboxLeft = await Eventually.Poll(_store.OutboxLeft, n => n == 0, TimeSpan.FromSeconds(30));
        var succeeded = _deploys.Count(d => !d.Fails);
        await _system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => ids.Contains(a.DeployId),
            found => found.Count(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed) >= ids.Count, TimeSpan.FromSeconds(30));
        await _system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest, e => ids.Contains(e.DeployId),
            found => found.Select(e => e.DeployId).Distinct().Count() >= succeeded, TimeSpan.FromSeconds(30));
        var errorQueues = (await _system.Broker.GetQueues())
            .Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0)
            .ToDictionary(q => q.Name, q => q.Messages ?? 0);

        var states = finished.ToDictionary(d => d.CorrelationId);
        return new StreamOutcome(
            _deploys.Count,
            duration,
            Lost: _deploys.Where(d => !states.TryGetValue(d.DeployId, out var state) || !ReachedItsEnd(d, state))
                .Select(d => $"{d.Repository}#{d.PrNumber} on {d.Target}: " +
                             (states.TryGetValue(d.DeployId, out var state)
                                 ? $"{state.CurrentState} ({state.Attempt.Outcome}){FixTasksOf(d.DeployId)}"
                                 : "not finished"))
                .ToList(),
            MergedTwice: _deploys.Where(d => d.Pull.Merges > 1).Select(d => $"{d.Repository}#{d.PrNumber}: {d.Pull.Merges} merges").ToList(),
            NotMerged: _deploys.Count(d => d.Pull.Merges == 0),
            Duplicates: Duplicates(ids),
            Missing: Missing(),
            OutboxLeft: outboxLeft,
            ErrorQueues: errorQueues,
            InstancesExited: services.Running.Count(s => s.Process.HasExited));
    }

    /// <summary>What a deploy that ended otherwise than planned asked to fix: the first thing to read when this test fails.</summary>
    string FixTasksOf(Guid deployId) => string.Concat(_system.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution)
        .Where(f => f.DeployId == deployId)
        .Select(f => $"; fix task {f.Kind}: {string.Join(' ', f.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}"));

    /// <summary>Succeeded, or failed by its failing deploy job (with its fix task), not by a timeout.</summary>
    static bool ReachedItsEnd(PlannedDeploy deploy, DeployState state) => deploy.Fails
        ? state.CurrentState == "Failed" && state.Attempt.FixTasks.Count > 0
        : state.CurrentState == "Succeeded";

    /// <summary>Each downstream message that went out under more than one MessageId: the same event of one deploy, twice.</summary>
    List<string> Duplicates(IReadOnlySet<Guid> ids)
    {
        var inbox = _system.Inbox;
        var events = inbox.ReceivedWithIds<E2ERequested>(DownstreamQueues.E2ETest).Select(m => (m.MessageId, m.Message.DeployId, Event: "E2ERequested"))
            .Concat(inbox.ReceivedWithIds<FixTaskRequested>(DownstreamQueues.Execution)
                .Select(m => (m.MessageId, m.Message.DeployId, Event: $"FixTaskRequested {m.Message.Kind}")))
            .Concat(inbox.ReceivedWithIds<Announcement>(DownstreamQueues.Announce)
                .Select(m => (m.MessageId, m.Message.DeployId, Event: $"Announcement {m.Message.Kind}")));
        return events.Where(e => ids.Contains(e.DeployId))
            .GroupBy(e => (e.DeployId, e.Event), e => e.MessageId)
            .Where(g => g.Distinct().Count() > 1)
            .Select(g => $"{g.Key.Event} of deploy {g.Key.DeployId}: {g.Distinct().Count()} MessageIds")
            .ToList();
    }

    /// <summary>Deploys whose expected downstream message never came: e2e for a success, a fix task for a failure.</summary>
    List<string> Missing()
    {
        var e2e = _system.Inbox.Received<E2ERequested>(DownstreamQueues.E2ETest).Select(e => e.DeployId).ToHashSet();
        var fixTasks = _system.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Select(f => f.DeployId).ToHashSet();
        return _deploys.Where(d => d.Fails
                ? !fixTasks.Contains(d.DeployId) || e2e.Contains(d.DeployId)
                : !e2e.Contains(d.DeployId) || fixTasks.Contains(d.DeployId))
            .Select(d => $"{d.Repository}#{d.PrNumber}: " + (d.Fails ? "no fix task, or handed to e2e" : "not handed to e2e, or a fix task"))
            .ToList();
    }
}
