using MassTransit;
using MassTransit.Middleware;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// Queue `deploy` (a public name other services publish to). Plain JSON is its default body format,
/// so any AMQP client or the management UI can send; MassTransit envelopes are read as usual.
/// Rejections are never retried: they go straight to `deploy_error` with their reason.
/// </summary>
public class DeployRequestedConsumerDefinition : ConsumerDefinition<DeployRequestedConsumer>
{
    public const string QueueName = "deploy";

    public DeployRequestedConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeployRequestedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        endpointConfigurator.ConfigureError(error =>
        {
            error.UseFilter(new AnnounceUnreadableRequestFilter());
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<DeployRequestRejectedException>();
            r.Intervals(100, 500, 1000);
        });
    }
}
