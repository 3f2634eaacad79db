using MassTransit;
using MassTransit.Middleware;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// Queue `deploy` (a public name other services publish to). Every body is read by <see cref="DeployRequestDeserializer"/>:
/// plain JSON is the default format, so any AMQP client or the management UI can send; MassTransit envelopes are
/// read by it too. Rejections are never retried: they go once to `deploy_error` with their reason, announced.
/// </summary>
public class DeployRequestedConsumerDefinition : ConsumerDefinition<DeployRequestedConsumer>
{
    public const string QueueName = "deploy";

    public DeployRequestedConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeployRequestedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.AddDeserializer(new DeployRequestDeserializer.Factory(DeployRequestDeserializer.PlainJson), isDefault: true);
        endpointConfigurator.AddDeserializer(new DeployRequestDeserializer.Factory(DeployRequestDeserializer.Envelope));
        endpointConfigurator.ConfigureError(error =>
        {
            error.UseFilter(new AnnounceRejectedRequestFilter());
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
        endpointConfigurator.UseEndpointRetry(context, r =>
        {
            r.Ignore<DeployRequestRejectedException>();
            r.Intervals(100, 500, 1000);
        });
    }
}
