using System.Diagnostics;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// The status page and the HTTP API over a long history (issue 19): one in-process service instance whose database holds
/// `--history` deploys spread over `--status-lanes` lanes, written straight into the saga table (as the deploy saga would have
/// left them), every one of them ended in the last 30 days (the DORA window: the most rows its figures can read). In each lane
/// one deploy holds it, two wait in it and one waits at the gate; every tenth lane is locked. Then `/`, `GET /api/deploys`,
/// `GET /api/lanes` and `GET /api/dora` are requested in turn, one request at a time, as a person's browser or a script would.
/// </summary>
public static class StatusPageBenchmark
{
    const int Warmup = 20;
    static readonly string[] Paths = ["/", "/api/deploys", "/api/lanes", "/api/dora"];

    public static async Task<StatusPageResult> Run(SimulatedWorld world, int history, int lanes, int requests, BenchTuning tuning)
    {
        await using var environment = await BenchEnvironment.Create();
        await using var service = await ServiceInstances.Start(1,
            world.ServiceSettings(environment.RabbitMq, environment.Postgres, TimeSpan.FromSeconds(10)), tuning);
        var seeding = Stopwatch.StartNew();
        await Seed(environment.Postgres, world.Repositories.Take(lanes).ToList(), history);
        var seeded = seeding.Elapsed.TotalSeconds;

        using var http = new HttpClient { BaseAddress = service.BaseAddresses[0] };
        var bytes = new Dictionary<string, long>();
        foreach (var path in Paths)
            for (var i = 0; i < Warmup; i++)
                bytes[path] = await Get(http, path);
        var samples = Paths.ToDictionary(p => p, _ => new List<double>());
        var cpu = new CpuMeter();
        for (var i = 0; i < requests; i++)
            foreach (var path in Paths)
            {
                var started = Stopwatch.GetTimestamp();
                await Get(http, path);
                samples[path].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        return new StatusPageResult(history, lanes, seeded, Paths.Select(p => new EndpointLatency(p, bytes[p], LatencySummary.Of(samples[p]))).ToList(),
            cpu.Stop());
    }

    static async Task<long> Get(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>The deploys and lanes, as the sagas leave them; then ANALYZE, as autovacuum would after so many rows.</summary>
    static async Task Seed(string postgres, IReadOnlyList<string> repositories, int history)
    {
        var now = DateTimeOffset.UtcNow;
        var perLane = history / repositories.Count;
        var random = new Random(19);
        await using var db = new DeployQueueDbContext(new DbContextOptionsBuilder<DeployQueueDbContext>().UseNpgsql(postgres).Options);
        for (var r = 0; r < repositories.Count; r++)
        {
            var repository = repositories[r];
            var target = SimulatedWorld.TargetOf(repository);
            var deploys = Enumerable.Range(1, perLane).Select(pr => Deploy(repository, target, pr, perLane, now, random)).ToList();
            var inLane = deploys[^4..];
            Place(inLane[0], "Smoke", DeployStage.Smoke);
            Place(inLane[1], "Claimed", null);
            Place(inLane[2], "Claimed", null);
            Place(inLane[3], "AwaitingGate", null);
            inLane[3].Attempt.GateBlockedBy = MergeBlockReason.ApprovalMissing;
            db.Deploys.AddRange(deploys);
            db.Lanes.Add(new LaneState
            {
                CorrelationId = DeployIdentity.LaneId(repository, target), CurrentState = "Open", Repository = repository, Target = target,
                Holder = Ticket(inLane[0]), Waiting = [Ticket(inLane[1]), Ticket(inLane[2])],
                Lock = r % 10 == 0 ? new LaneLock("release freeze", "bench", now.AddHours(-1)) : null,
                LastKnownGoodSha = deploys[^5].Attempt.MergeSha,
            });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>The PR's deploy, ended (nine in ten succeeded; one in ten a second attempt), all within the last 30 days.</summary>
    static DeployState Deploy(string repository, string target, int pr, int perLane, DateTimeOffset now, Random random)
    {
        var started = now.AddDays(-30).AddMinutes(30) + TimeSpan.FromDays(29.5) * pr / perLane;
        var failed = random.Next(10) == 0;
        var sha = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000";
        var pull = $"https://github.com/{repository}/pull/{pr}";
        var attempt = new DeployAttempt
        {
            Number = 1, RequestId = Guid.NewGuid(), StartedAt = started, TaskId = $"deploy-{repository}-{pr}",
            Title = $"Change {pr} of {repository}: a title as long as most PR titles are", PrUrl = pull, Branch = $"feature/change-{pr}",
            Priority = TaskPriority.Normal, MergeStrategy = MergeStrategy.Squash, HeadSha = sha, MergeSha = sha,
            RunUrl = $"https://github.com/{repository}/actions/runs/{pr}", Stage = failed ? DeployStage.Deploy : DeployStage.Smoke,
            Outcome = failed ? "Deployment failed: job deploy failed" : "succeeded", FinishedAt = started.AddMinutes(5 + random.Next(10)),
        };
        if (failed)
            attempt.FixTasks.Add(new RequestedFixTask(Guid.NewGuid(), FixTaskKind.DeploymentError, "FIX: Deployment error in orders-api", "orders-api"));
        var deploy = new DeployState
        {
            CorrelationId = DeployIdentity.DeployId(repository, pr, target), CurrentState = failed ? "Failed" : "Succeeded",
            StateEnteredAt = attempt.FinishedAt, Repository = repository, PrNumber = pr, Target = target,
            LaneId = DeployIdentity.LaneId(repository, target), Attempt = attempt,
        };
        if (random.Next(10) == 0)
        {
            deploy.PastAttempts.Add(new AttemptRecord(1, "Failed", "Merge blocked: checks failing", null, started.AddHours(-2),
                started.AddHours(-2).AddMinutes(1)));
            attempt.Number = 2;
        }
        return deploy;
    }

    static void Place(DeployState deploy, string state, DeployStage? stage)
    {
        deploy.CurrentState = state;
        deploy.Attempt.Stage = stage;
        deploy.Attempt.Outcome = null;
        deploy.Attempt.FinishedAt = null;
        deploy.Attempt.FixTasks.Clear();
    }

    static LaneTicket Ticket(DeployState deploy) => new(deploy.CorrelationId, Guid.NewGuid(), deploy.Attempt.Priority, deploy.Attempt.StartedAt);
}
