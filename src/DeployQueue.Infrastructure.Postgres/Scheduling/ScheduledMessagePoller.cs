using DeployQueue.Infrastructure.Postgres.Clock;
using DeployQueue.Infrastructure.Postgres.Polling;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Sends scheduled messages when they fall due. Any number of instances poll at once (<see cref="DueRowPump{TRow}"/>):
/// a row is sent by one instance, or, if that instance dies between the send and the commit, sent again: the
/// scheduling token makes the duplicate harmless to a state machine.
/// </summary>
public sealed class ScheduledMessagePoller(
    IMessagingDbContextFactory dbContextFactory,
    IBus bus,
    IOptions<PostgresSchedulerOptions> options,
    DatabaseClock clock,
    ILogger<ScheduledMessagePoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var due = new DueRowPump<ScheduledMessageRow>(new DueScheduledMessages(settings.SendRetryDelay), dbContextFactory, bus, clock,
            settings.SendTimeout, logger);
        return due.Run(settings.PollInterval, settings.BatchSize, stoppingToken);
    }
}
