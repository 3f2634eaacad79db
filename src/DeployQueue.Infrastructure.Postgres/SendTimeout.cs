namespace DeployQueue.Infrastructure.Postgres;

/// <summary>
/// A bound on sending what waits in the database. A send to RabbitMQ can wait for ever: MassTransit awaits the broker's
/// publisher confirm on the channel's cancellation, not the caller's, and a confirm lost with its connection (the broker
/// stopped while the message was on its way) never comes. A poller's send did exactly that when the broker restarted, and
/// its pass held the due rows it had claimed, locked against every other instance, for as long as the process lived.
/// Past the bound the send counts as failed and what it sent is sent again later with the same MessageId, which the
/// receiver's inbox (or a scheduling token) recognises should the first send land after all.
/// </summary>
static class SendTimeout
{
    public static Task Within(this Task send, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // An abandoned send that fails later has no one left to observe its exception.
        _ = send.ContinueWith(static s => s.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return send.WaitAsync(timeout, cancellationToken);
    }
}
