using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployQueue.Cli.Commands;

/// <summary>`deployq unlock`: let a locked lane's next deploy go.</summary>
public sealed class UnlockCommand : AsyncCommand<LaneSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LaneSettings settings, CancellationToken cancellationToken)
    {
        await Broker.Publish(settings.RabbitMq, new UnlockLane(DeployIdentity.LaneId(settings.Repository, settings.Target),
            settings.Repository, settings.Target, settings.Author, DateTimeOffset.UtcNow), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[green]Unlocking[/] {settings.Repository} → {settings.Target}");
        return 0;
    }
}
