using DeployQueue.Contracts;
using System.Runtime.Serialization;
using MassTransit;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// On queue `deploy`'s error pipe: a body that MassTransit could not even read (not JSON, or not a JSON
/// object) never reaches <see cref="DeployRequestedConsumer"/>, so this announces its rejection, with the
/// intake's own reason, before the message moves to `deploy_error` like any other rejected request.
/// </summary>
public sealed class AnnounceUnreadableRequestFilter : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (context.Exception is SerializationException)
        {
            SeedTaskReader.Read(context.Body.GetBytes(), out var unreadable);
            var reason = unreadable ?? context.Exception.GetBaseException().Message;
            var announce = await context.PublishEndpointProvider.GetPublishSendEndpoint<Announcement>();
            await announce.Send(new Announcement
            {
                Kind = AnnouncementKind.Rejected,
                Message = $"Deploy request rejected: {reason}",
                At = DateTimeOffset.UtcNow,
            });
        }
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("announceUnreadableRequest");
}
