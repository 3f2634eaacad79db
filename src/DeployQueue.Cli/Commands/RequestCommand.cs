using System.ComponentModel;
using DeployQueue.Contracts;
using MassTransit;
using Spectre.Console;
using Spectre.Console.Cli;
using ValidationResult = Spectre.Console.ValidationResult;

namespace DeployQueue.Cli.Commands;

/// <summary>`deployq request`: publish a deploy request as another pipeline service would.</summary>
public sealed class RequestCommand : AsyncCommand<RequestCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--repo <OWNER/NAME>")] public string Repository { get; init; } = "";
        [CommandOption("--pr <NUMBER>")] public int PrNumber { get; init; }
        [CommandOption("--target <NAME>")] public string Target { get; init; } = "staging";
        [CommandOption("--branch <NAME>")] public string Branch { get; init; } = "";
        [CommandOption("--title <TEXT>")] public string? Title { get; init; }
        [CommandOption("--priority <LEVEL>"), Description("Low, Normal, High or Critical")] public TaskPriority? Priority { get; init; }
        [CommandOption("--merge-strategy <STRATEGY>"), Description("merge, squash or rebase")] public MergeStrategy? MergeStrategy { get; init; }
        [CommandOption("--build-task <ID>"), Description("The commit_build_task_id")] public string? CommitBuildTaskId { get; init; }

        [CommandOption("--rabbitmq <URL>"), Description("Default: $ConnectionStrings__RabbitMq or " + Broker.DefaultUrl)]
        public string RabbitMq { get; init; } = Broker.UrlFromEnvironment;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Repository) || PrNumber <= 0 || string.IsNullOrWhiteSpace(Branch)
                ? ValidationResult.Error("--repo, --pr and --branch are required")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = new DeployRequested
        {
            TaskId = NewId.NextGuid().ToString(),
            Title = settings.Title ?? $"Deploy PR #{settings.PrNumber} to {settings.Target}",
            Repository = settings.Repository,
            PrNumber = settings.PrNumber,
            PrUrl = $"https://github.com/{settings.Repository}/pull/{settings.PrNumber}",
            Branch = settings.Branch,
            Target = settings.Target,
            Priority = settings.Priority,
            MergeStrategy = settings.MergeStrategy,
            CommitBuildTaskId = settings.CommitBuildTaskId,
        };

        await Broker.Publish(settings.RabbitMq, request, cancellationToken);

        AnsiConsole.MarkupLineInterpolated(
            $"[green]Published[/] deploy request {request.TaskId}: {request.Repository}#{request.PrNumber} → {request.Target}");
        return 0;
    }
}
