using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Service.Messaging;

/// <summary>
/// The durable queues other pipeline services read (DESIGN.md §4), bound to the exchanges of the messages
/// the Deploy Queue publishes. They are declared when the bus starts, before any deploy runs, so that a
/// message published while no downstream consumer exists yet waits in its queue instead of being dropped.
/// </summary>
public static class DownstreamQueues
{
    public const string Execution = "execution";
    public const string E2ETest = "e2e-test";
    public const string Announce = "announce";
    public const string Workspace = "workspace";

    /// <summary>Which queue each published message type lands in.</summary>
    public static IReadOnlyDictionary<Type, string> ByMessageType { get; } = new Dictionary<Type, string>
    {
        [typeof(FixTaskRequested)] = Execution,
        [typeof(RollbackRequested)] = Execution,
        [typeof(E2ERequested)] = E2ETest,
        [typeof(Announcement)] = Announce,
        [typeof(WorkspaceDestroyRequested)] = Workspace,
    };

    /// <summary>
    /// Binds each message exchange to its queue and has the bus declare them all as it starts, as quorum queues when
    /// <paramref name="quorum"/> (the same arguments for each binding of a queue, or the broker refuses the second).
    /// </summary>
    public static void Declare(IRabbitMqBusFactoryConfigurator cfg, bool quorum)
    {
        BindToQueue<FixTaskRequested>(cfg, quorum);
        BindToQueue<RollbackRequested>(cfg, quorum);
        BindToQueue<E2ERequested>(cfg, quorum);
        BindToQueue<Announcement>(cfg, quorum);
        BindToQueue<WorkspaceDestroyRequested>(cfg, quorum);

        // Without this MassTransit declares a publish topology lazily, on the first publish of each type.
        cfg.DeployPublishTopology = true;
    }

    static void BindToQueue<T>(IRabbitMqBusFactoryConfigurator cfg, bool quorum) where T : class =>
        cfg.Publish<T>(p => p.BindQueue(p.Exchange.ExchangeName, ByMessageType[typeof(T)], queue =>
        {
            if (quorum)
                queue.SetQuorumQueue();
        }));
}
