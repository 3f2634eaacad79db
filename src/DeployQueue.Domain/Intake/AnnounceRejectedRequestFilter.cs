using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// On queue `deploy`'s error pipe, the one place a refused request is announced: whether it could not be read (its
/// deserializer refused it) or was not valid (its consumer did), one `Rejected` announcement names the reason, the
/// message id and, where they could be read, the task and PR; then the message moves to `deploy_error`.
/// </summary>
public sealed class AnnounceRejectedRequestFilter : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (FindRejection(context.Exception) is { } rejected)
        {
            var announce = await context.PublishEndpointProvider.GetPublishSendEndpoint<Announcement>();
            await announce.Send(Rejection.Announcement(rejected.Request, rejected.Reason, context.GetMessageId()));
        }
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("announceRejectedRequest");

    static DeployRequestRejectedException? FindRejection(Exception exception) => exception switch
    {
        DeployRequestRejectedException rejected => rejected,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindRejection).FirstOrDefault(r => r is not null),
        { InnerException: { } inner } => FindRejection(inner),
        _ => null,
    };
}
