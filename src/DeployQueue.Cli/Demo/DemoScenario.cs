using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.Cli.Demo;

/// <summary>One sample PR of the demo: how GitHub and the target behave for it, and how its deploy must end.</summary>
public sealed record DemoScenario(
    string Name,
    string Repository,
    int PrNumber,
    string ExpectedState,
    string ExpectedSign,
    Action<SimulatedPullRequest, TargetSimulator> Arrange)
{
    public const string Shop = "acme/shop";
    public const string Api = "acme/api";
    public const string Target = "staging";

    /// <summary>What the deploy showed that proves the scenario: a fix task's kind, or an announcement's kind.</summary>
    public bool IsProvenBy(IReadOnlyCollection<FixTaskKind> fixTasks, IReadOnlyCollection<AnnouncementKind> announcements) =>
        fixTasks.Any(k => k.ToString() == ExpectedSign) || announcements.Any(k => k.ToString() == ExpectedSign);

    const string MigrationLog = """
        Run dotnet ef database update --connection "$DB"
        Build started...
        Build succeeded.
        Applying migration '20261120093000_AddOrderStatus'.
        Failed executing DbCommand (12ms) [Parameters=[], CommandType='Text', CommandTimeout='30']
        ALTER TABLE orders ADD status text NOT NULL;
        Npgsql.PostgresException (0x80004005): 23502: column "status" of relation "orders" contains null values
        Error: Process completed with exit code 1.
        """;

    /// <summary>Success, merge conflict, failed deployment, unhealthy service, missing approval and a deployment that never finishes.</summary>
    public static IReadOnlyList<DemoScenario> All { get; } =
    [
        new("ships cleanly", Shop, 101, nameof(DeployStateMachine.Succeeded), nameof(AnnouncementKind.Succeeded), (pr, target) =>
            Ready(pr).OnMerge(PipelineScript.Succeeding(pace: Pace.AfterPolls(3)) with { WhenSucceeded = sha => target.Land(sha) })),
        new("merge conflict", Shop, 102, nameof(DeployStateMachine.Failed), nameof(FixTaskKind.MergeConflict), (pr, _) =>
            Ready(pr).Conflict()),
        new("failed deployment", Shop, 103, nameof(DeployStateMachine.Failed), nameof(FixTaskKind.DatabaseMigration), (pr, _) =>
            Ready(pr).OnMerge(PipelineScript.FailingIn("deploy", MigrationLog, pace: Pace.AfterPolls(2)))),
        new("unhealthy after deploy", Shop, 104, nameof(DeployStateMachine.Failed), nameof(FixTaskKind.HealthCheckFailure), (pr, target) =>
            Ready(pr).OnMerge(PipelineScript.Succeeding() with { WhenSucceeded = sha => target.Land(sha, new TargetFaults { Unavailable = true }) })),
        new("never approved", Api, 201, nameof(DeployStateMachine.Failed), nameof(AnnouncementKind.ApprovalNeeded), (pr, _) =>
            pr.Check("ci", "completed", "success")),
        new("deployment never finishes", Api, 202, nameof(DeployStateMachine.Failed), nameof(AnnouncementKind.InvestigationNeeded), (pr, _) =>
            Ready(pr).OnMerge(PipelineScript.Succeeding(pace: Pace.Over(TimeSpan.FromHours(1))))),
    ];

    static SimulatedPullRequest Ready(SimulatedPullRequest pr) => pr.Approve("octocat").Check("ci", "completed", "success");

    public DeployRequested Request(string run) => new()
    {
        TaskId = $"demo-{run}-{Repository.Replace('/', '-')}-{PrNumber}",
        Title = $"Deploy {Name}",
        Repository = Repository,
        PrNumber = PrNumber,
        PrUrl = $"https://github.com/{Repository}/pull/{PrNumber}",
        Branch = $"feature/{Name.Replace(' ', '-')}",
        FeatureName = Name,
        Target = Target,
        CommitBuildTaskId = $"build-{PrNumber}",
    };
}
