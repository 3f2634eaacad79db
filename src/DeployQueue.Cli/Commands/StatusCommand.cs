using System.ComponentModel;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
using DeployQueue.Persistence.History;
using Spectre.Console;
using Spectre.Console.Cli;
using ValidationResult = Spectre.Console.ValidationResult;

namespace DeployQueue.Cli.Commands;

/// <summary>
/// `deployq status`: the deploys as they stand, those in a lane and the most recent ones (state, place in their lane, what
/// they wait for, how the monitoring of their release goes), or with --pr one deploy's timeline (monitoring and rollback included); read from the service's
/// PostgreSQL database.
/// </summary>
public sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--repo <OWNER/NAME>")] public string? Repository { get; init; }
        [CommandOption("--target <NAME>")] public string? Target { get; init; }
        [CommandOption("--pr <NUMBER>"), Description("Show this PR's timeline (needs --repo)")] public int? PrNumber { get; init; }

        [CommandOption("--limit <N>"), Description("How many of the most recently started deploys to show besides those in a lane (default 50)")]
        public int Limit { get; init; } = IDeployHistory.DefaultLimit;

        [CommandOption("--postgres <CONNECTION>"), Description("Default: $ConnectionStrings__Postgres or the service's default")]
        public string Postgres { get; init; } = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                                                ?? "Host=127.0.0.1;Port=5432;Database=deployqueue;Username=postgres";

        public override ValidationResult Validate() =>
            PrNumber is not null && Repository is null ? ValidationResult.Error("--pr needs --repo")
            : Limit < 1 ? ValidationResult.Error("--limit must be positive")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddDeployQueuePersistence(settings.Postgres, migrateAtStart: false)
            .BuildServiceProvider();
        var history = services.GetRequiredService<IDeployHistory>();

        if (settings.PrNumber is { } prNumber)
            AnsiConsole.Write(Timeline(await history.ForPullRequest(settings.Repository!, prNumber, settings.Target, cancellationToken)));
        else
        {
            var lanes = await history.Lanes(settings.Repository, settings.Target, cancellationToken);
            var recent = await history.Deploys(settings.Repository, settings.Target, limit: settings.Limit, cancellationToken: cancellationToken);
            // Those in a lane, however long ago they started, and the most recent ones.
            var deploys = lanes.SelectMany(l => l.Queue.Select(q => q.Deploy).Prepend(l.Holder)).OfType<DeployState>().Concat(recent)
                .DistinctBy(d => d.CorrelationId).ToList();
            AnsiConsole.Write(Overview(deploys, lanes, await history.Monitors(settings.Repository, settings.Target, cancellationToken)));
            foreach (var (lane, locked) in lanes.Where(l => l.Lock is not null).Select(l => (l, l.Lock!)))
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]{lane.Repository} → {lane.Target} locked[/] by {locked.Author} since {locked.Since:yyyy-MM-dd HH:mm:ss}: {locked.Reason}");
        }
        return 0;
    }

    static Table Overview(IReadOnlyList<DeployState> deploys, IReadOnlyList<LaneView> laneViews, IReadOnlyList<MonitorState> monitors)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{deploys.Count} deploy(s)[/]");
        foreach (var column in new[] { "PR", "target", "state", "attempt", "lane", "waiting for / outcome", "monitoring", "started" })
            table.AddColumn(column);

        foreach (var group in deploys.GroupBy(d => d.CurrentState).OrderBy(g => StateOrder(g.Key)))
            foreach (var deploy in group)
                table.AddRow(
                    Markup.Escape($"{deploy.Repository}#{deploy.PrNumber}"),
                    Markup.Escape(deploy.Target),
                    Markup.Escape(deploy.CurrentState),
                    deploy.Attempt.Number.ToString(),
                    Markup.Escape(laneViews.Select(l => l.PlaceOf(deploy)).FirstOrDefault(p => p is not null) ?? ""),
                    Markup.Escape(deploy.Attempt.WaitingFor ?? deploy.Attempt.Outcome ?? ""),
                    Markup.Escape(MonitoringOf(deploy, monitors)),
                    deploy.Attempt.StartedAt.ToString("yyyy-MM-dd HH:mm:ss"));
        return table;
    }

    /// <summary>The watch of the deploy's release, if its lane's monitor watches (or watched last) this attempt's release.</summary>
    static string MonitoringOf(DeployState deploy, IReadOnlyList<MonitorState> monitors) =>
        monitors.FirstOrDefault(m => m.Release.DeployId == deploy.CorrelationId && m.Release.Attempt == deploy.Attempt.Number) is { } monitor
            ? $"{monitor.CurrentState}: {monitor.Outcome}"
            : "";

    /// <summary>Furthest along first, then those not started, then the failed; the succeeded last.</summary>
    static int StateOrder(string state) => state switch
    {
        nameof(DeployStateMachine.Smoke) => 0,
        nameof(DeployStateMachine.Deploying) => 1,
        nameof(DeployStateMachine.Merging) => 2,
        nameof(DeployStateMachine.Claimed) => 3,
        nameof(DeployStateMachine.AwaitingGate) => 4,
        nameof(DeployStateMachine.Failed) => 5,
        _ => 6,
    };

    static Table Timeline(IReadOnlyList<DeployTransition> transitions)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]timeline[/]");
        foreach (var column in new[] { "at", "target", "attempt", "from", "to", "because of" })
            table.AddColumn(column);
        foreach (var t in transitions)
            table.AddRow(t.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss.fff"), Markup.Escape(t.Target), t.Attempt.ToString(),
                Markup.Escape(t.FromState), Markup.Escape(t.ToState), Markup.Escape(t.Cause));
        return table;
    }
}
