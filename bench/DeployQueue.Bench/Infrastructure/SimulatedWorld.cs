using System.Globalization;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// GitHub and the deploy targets, simulated over loopback HTTP and answering at once. Each repository deploys to a
/// target of its own: the version check needs the merged SHA to be what its target runs, and one target shared by
/// two repositories would run the other's SHA half of the time. A lane serialises one (repository, target), so the
/// number of repositories is the number of deploys that can be in flight at once.
/// </summary>
public sealed class SimulatedWorld : IAsyncDisposable
{
    readonly Dictionary<string, TargetSimulator> targetsByRepository;
    readonly Dictionary<string, int> lastPrNumber;

    SimulatedWorld(GitHubSimulator gitHub, Dictionary<string, TargetSimulator> targetsByRepository)
    {
        GitHub = gitHub;
        this.targetsByRepository = targetsByRepository;
        lastPrNumber = targetsByRepository.Keys.ToDictionary(r => r, _ => 0);
        Repositories = targetsByRepository.Keys.ToList();
    }

    public GitHubSimulator GitHub { get; }
    public IReadOnlyList<string> Repositories { get; }

    public static async Task<SimulatedWorld> Start(int repositories)
    {
        var gitHub = await GitHubSimulator.StartAsync();
        var targets = new Dictionary<string, TargetSimulator>();
        for (var i = 1; i <= repositories; i++)
        {
            var repository = $"bench/repo-{i:D4}";
            targets[repository] = await TargetSimulator.StartAsync(TargetOf(repository), runningVersion: new string('0', 40));
            // Every merge starts a pipeline that is green at its first read and lands the merged SHA on the target.
            var target = targets[repository];
            gitHub.Repository(repository).OnMerge(PipelineScript.Succeeding() with { WhenSucceeded = sha => target.Land(sha) });
        }
        return new SimulatedWorld(gitHub, targets);
    }

    public static string TargetOf(string repository) => "t-" + repository[(repository.LastIndexOf('-') + 1)..];

    /// <summary>A new PR, approved on its head with a green check: ready to merge. Deploys spread over the repositories in turn.</summary>
    public IReadOnlyList<BenchDeploy> ReadyDeploys(int count, int firstRepository = 0, int? repositoryCount = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var repository = Repositories[firstRepository + i % (repositoryCount ?? Repositories.Count)];
            var deploy = NewDeploy(repository);
            PullRequest(deploy).Approve("bench").Check("build", "completed", "success");
            return deploy;
        }).ToList();

    public BenchDeploy NewDeploy(string repository)
    {
        lock (lastPrNumber)
            return new BenchDeploy(repository, ++lastPrNumber[repository], TargetOf(repository));
    }

    /// <summary>Where the simulator posts its signed webhook deliveries, once <see cref="SendWebhooksTo"/> named it.</summary>
    public Uri? WebhooksSentTo { get; private set; }

    /// <summary>From now on every change the simulator makes is delivered to <paramref name="url"/>, signed with
    /// <paramref name="secret"/> (the simulator's own deliveries: there is no way back to none).</summary>
    public void SendWebhooksTo(Uri url, string secret)
    {
        GitHub.Webhooks.SendTo(url, secret);
        WebhooksSentTo = url;
    }

    /// <summary>The target the deploy's repository lands on.</summary>
    public TargetSimulator Target(BenchDeploy deploy) => targetsByRepository[deploy.Repository];

    public SimulatedPullRequest PullRequest(BenchDeploy deploy) => GitHub.Repository(deploy.Repository).PullRequest(deploy.PrNumber);

    /// <summary>The service's configuration for this world, on the given broker and database.</summary>
    public Dictionary<string, string?> ServiceSettings(string rabbitMq, string postgres, TimeSpan pollInterval)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = rabbitMq,
            ["ConnectionStrings:Postgres"] = postgres,
            ["urls"] = "http://127.0.0.1:0",
            // Retried concurrency conflicts are logged as warnings with a stack trace each: the bench counts them, and faults, instead.
            ["Serilog:MinimumLevel"] = "Fatal",
            ["Hosting:ExitOnBinaryChange"] = "false",
            ["DeployQueue:GitHub:BaseUrl"] = GitHub.BaseUrl.ToString(),
            ["DeployQueue:GitHub:Token"] = "bench-token",
            ["DeployQueue:GitHub:PollInterval"] = pollInterval.ToString("c", CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < Repositories.Count; i++)
        {
            var repository = Repositories[i];
            settings[$"DeployQueue:Repositories:{i}"] = repository;
            foreach (var (setting, value) in targetsByRepository[repository].ServiceSettings(TargetOf(repository)))
                settings[setting] = value;
            var key = $"DeployQueue:Targets:{TargetOf(repository)}:";
            settings[key + "MergeStrategy"] = "squash";
            settings[key + "RequiredApprovals"] = "1";
            settings[key + "Trigger"] = "Merge";
            settings[key + "Workflow"] = "deploy.yml";
            settings[key + "Timeouts:Merge"] = "00:30:00";
            settings[key + "Timeouts:Deploy"] = "00:30:00";
            settings[key + "Timeouts:Smoke"] = "00:05:00";
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        foreach (var target in targetsByRepository.Values)
            await target.DisposeAsync();
    }
}
