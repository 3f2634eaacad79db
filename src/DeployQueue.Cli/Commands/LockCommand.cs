using System.ComponentModel;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using Spectre.Console;
using Spectre.Console.Cli;
using ValidationResult = Spectre.Console.ValidationResult;

namespace DeployQueue.Cli.Commands;

/// <summary>`deployq lock`: stop a lane; deploys keep queueing, none starts until `deployq unlock`.</summary>
public sealed class LockCommand : AsyncCommand<LockCommand.Settings>
{
    public sealed class Settings : LaneSettings
    {
        [CommandOption("--reason <TEXT>"), Description("Why (shown on the page and announced)")] public string Reason { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await Broker.Publish(settings.RabbitMq, new LockLane(DeployIdentity.LaneId(settings.Repository, settings.Target),
            settings.Repository, settings.Target, settings.Reason, settings.Author, DateTimeOffset.UtcNow), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[yellow]Locking[/] {settings.Repository} → {settings.Target}: {settings.Reason}");
        return 0;
    }
}
