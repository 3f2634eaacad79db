using System.ComponentModel;
using System.Diagnostics;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Service;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.Target;
using MassTransit;
using Spectre.Console;
using Spectre.Console.Cli;
using ValidationResult = Spectre.Console.ValidationResult;

namespace DeployQueue.Cli.Demo;

/// <summary>
/// `deployq demo`: the real service composition, on the embedded default (in-memory transport and saga
/// store) or on RabbitMQ + PostgreSQL, with GitHub and the target simulated over HTTP. Six sample PRs go
/// through success and the seed's failure paths while a live table shows each deploy; a summary closes.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rabbitmq <URL>"), Description("Run on this RabbitMQ instead of the in-memory transport (needs --postgres)")]
        public string? RabbitMq { get; init; }

        [CommandOption("--postgres <CONNECTION>"), Description("Keep saga state in this PostgreSQL database (needs --rabbitmq)")]
        public string? Postgres { get; init; }

        [CommandOption("--deadline <SECONDS>"), Description("Give up on deploys still running after this long")]
        public int DeadlineSeconds { get; init; } = 120;

        public override ValidationResult Validate() =>
            (RabbitMq is null) != (Postgres is null)
                ? ValidationResult.Error("--rabbitmq and --postgres go together")
                : ValidationResult.Success();
    }

    static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var gitHub = await GitHubSimulator.StartAsync(cancellationToken: cancellationToken);
        await using var staging = await TargetSimulator.StartAsync(DemoScenario.Target, "initial", cancellationToken);
        foreach (var scenario in DemoScenario.All)
            scenario.Arrange(gitHub.Repository(scenario.Repository).PullRequest(scenario.PrNumber), staging);

        var recorder = new DemoRecorder();
        await using var service = ServiceHost.Build([],
            builder => builder.Configuration.AddInMemoryCollection(Configuration(settings, gitHub, staging)),
            bus =>
            {
                bus.AddSingleton(recorder);
                bus.AddConsumer<DemoRecorderConsumer>().Endpoint(e => e.Temporary = true);
            });
        await service.StartAsync(cancellationToken);

        AnsiConsole.MarkupLine(settings.RabbitMq is null
            ? "[bold]Deploy Queue demo[/] on the embedded default: in-memory transport and saga store, GitHub and staging simulated over HTTP"
            : "[bold]Deploy Queue demo[/] on RabbitMQ and PostgreSQL, GitHub and staging simulated over HTTP");

        var clock = Stopwatch.StartNew();
        var bus = service.Services.GetRequiredService<IBus>();
        // Each run's requests are new ones: on a database an earlier demo left, they start new attempts.
        var run = NewId.NextGuid().ToString("N")[..8];
        foreach (var scenario in DemoScenario.All)
            await bus.Publish(scenario.Request(run), cancellationToken);

        var deploys = service.Services.GetRequiredService<ILoadSagaRepository<DeployState>>();
        var rows = await Watch(deploys, recorder, TimeSpan.FromSeconds(settings.DeadlineSeconds), cancellationToken);

        await service.StopAsync(CancellationToken.None);
        return Summarize(rows, recorder, clock.Elapsed, gitHub);
    }

    static Dictionary<string, string?> Configuration(Settings settings, GitHubSimulator gitHub, TargetSimulator staging)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Serilog:MinimumLevel"] = "Error",
            ["Hosting:Embedded"] = (settings.RabbitMq is null).ToString(),
            ["Hosting:ExitOnBinaryChange"] = "false",
            ["DeployQueue:GitHub:BaseUrl"] = gitHub.BaseUrl.ToString(),
            ["DeployQueue:GitHub:Token"] = "demo-token",
            ["DeployQueue:GitHub:PollInterval"] = "00:00:00.250",
            ["DeployQueue:Repositories:0"] = DemoScenario.Shop,
            ["DeployQueue:Repositories:1"] = DemoScenario.Api,
            ["DeployQueue:Targets:staging:Trigger"] = "Merge",
            ["DeployQueue:Targets:staging:Workflow"] = "deploy.yml",
            ["DeployQueue:Targets:staging:Timeouts:Merge"] = "00:00:06",
            ["DeployQueue:Targets:staging:Timeouts:Deploy"] = "00:00:06",
            ["DeployQueue:Targets:staging:Timeouts:Smoke"] = "00:00:06",
            ["DeployQueue:SmokeRecheck"] = "00:00:00.500",
            ["DeployQueue:Smoke:StartupGrace"] = "00:00:02",
        };
        foreach (var (setting, value) in staging.ServiceSettings(DemoScenario.Target))
            configuration[setting] = value;
        if (settings.RabbitMq is not null)
        {
            configuration["ConnectionStrings:RabbitMq"] = settings.RabbitMq;
            configuration["ConnectionStrings:Postgres"] = settings.Postgres;
        }
        return configuration;
    }

    sealed record Row(DemoScenario Scenario, Guid DeployId)
    {
        public DeployState? Deploy { get; set; }
        public bool Finished => Deploy?.CurrentState is nameof(DeployStateMachine.Succeeded) or nameof(DeployStateMachine.Failed);
    }

    static async Task<List<Row>> Watch(ILoadSagaRepository<DeployState> deploys, DemoRecorder recorder, TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var rows = DemoScenario.All
            .Select(s => new Row(s, DeployIdentity.DeployId(s.Repository, s.PrNumber, DemoScenario.Target)))
            .ToList();
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]deploys[/]");
        foreach (var column in new[] { "PR", "scenario", "state", "stage / waiting for", "last announcement" })
            table.AddColumn(column);

        var until = DateTime.UtcNow + deadline;
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            while (true)
            {
                foreach (var row in rows)
                    row.Deploy = await deploys.Load(row.DeployId);
                Render(table, rows, recorder);
                live.Refresh();
                if (rows.All(r => r.Finished) || DateTime.UtcNow > until || cancellationToken.IsCancellationRequested)
                    break;
                await Task.Delay(Refresh, CancellationToken.None);
            }
        });
        return rows;
    }

    static void Render(Table table, IReadOnlyList<Row> rows, DemoRecorder recorder)
    {
        table.Rows.Clear();
        foreach (var row in rows)
        {
            var deploy = row.Deploy;
            var last = recorder.AnnouncementsOf(row.DeployId).LastOrDefault();
            table.AddRow(
                Markup.Escape($"{row.Scenario.Repository}#{row.Scenario.PrNumber}"),
                Markup.Escape(row.Scenario.Name),
                StateMarkup(deploy?.CurrentState ?? "requested"),
                Markup.Escape(deploy?.Attempt.WaitingFor ?? deploy?.Attempt.Stage?.ToString() ?? ""),
                Markup.Escape(last is null ? "" : $"{last.Kind}: {Clip(last.Message, 50)}"));
        }
    }

    static int Summarize(IReadOnlyList<Row> rows, DemoRecorder recorder, TimeSpan elapsed, GitHubSimulator gitHub)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title($"[bold]summary[/] after {elapsed.TotalSeconds:0.0} s");
        foreach (var column in new[] { "PR", "scenario", "ended", "what it produced", "took", "" })
            summary.AddColumn(column);

        var allAsExpected = true;
        foreach (var row in rows)
        {
            var fixTasks = recorder.FixTasksOf(row.DeployId);
            var announcements = recorder.AnnouncementsOf(row.DeployId);
            var state = row.Deploy?.CurrentState ?? "(none)";
            var asExpected = state == row.Scenario.ExpectedState
                && row.Scenario.IsProvenBy(fixTasks.Select(f => f.Kind).ToList(), announcements.Select(a => a.Kind).ToList());
            allAsExpected &= asExpected;
            var duration = announcements.LastOrDefault(a => a.Duration is not null)?.Duration;

            var produced = fixTasks.Select(f => f.Title)
                .Concat(announcements.Where(a => a.Kind is not (AnnouncementKind.Started or AnnouncementKind.Merged or AnnouncementKind.Deployed
                    or AnnouncementKind.Failed)).Select(a => a.Kind.ToString()));

            summary.AddRow(
                Markup.Escape($"{row.Scenario.Repository}#{row.Scenario.PrNumber}"),
                Markup.Escape(row.Scenario.Name),
                StateMarkup(state),
                Markup.Escape(string.Join("\n", produced)),
                duration is { } d ? $"{d.TotalSeconds:0.0} s" : "",
                asExpected ? "[green]✓[/]" : $"[red]✗ expected {row.Scenario.ExpectedState}, {row.Scenario.ExpectedSign}[/]");
        }

        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLineInterpolated(
            $"GitHub calls: {gitHub.Requests.Spent} spending rate limit, {gitHub.Requests.NotModified} answered 304 (free)");
        AnsiConsole.MarkupLine(allAsExpected
            ? "[green]Every sample deploy ended as expected.[/]"
            : "[red]Some sample deploys did not end as expected.[/]");
        return allAsExpected ? 0 : 1;
    }

    static string StateMarkup(string state) => state switch
    {
        nameof(DeployStateMachine.Succeeded) => $"[green]{state}[/]",
        nameof(DeployStateMachine.Failed) => $"[red]{state}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };

    static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
