using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// The edge, on queue `deploy`: takes the request as <see cref="DeployRequestDeserializer"/> read it, validates it
/// against the configuration, and hands it to the deploy saga as <see cref="DeployAccepted"/> with its idempotency
/// key (<see cref="DeployIdentity.RequestId"/>). An invalid request goes to `deploy_error` with its reason, announced
/// there; a staged target whose prerequisite did not succeed is refused with an announcement.
/// </summary>
public class DeployRequestedConsumer(TargetCatalog targets, ILoadSagaRepository<DeployState> deploys) : IConsumer<DeployRequested>
{
    public async Task Consume(ConsumeContext<DeployRequested> context)
    {
        // Read and checked field by field already (DeployRequestDeserializer); what is left depends on the configuration.
        var requestId = DeployIdentity.RequestId(context.Message, context.MessageId, context.ReceiveContext.Body.GetBytes());
        var request = context.Message with { TaskId = context.Message.TaskId is { Length: > 0 } taskId ? taskId : requestId.ToString() };
        var errors = DeployRequestValidator.Validate(request, targets);
        if (errors.Count > 0)
            throw new DeployRequestRejectedException(string.Join("; ", errors), request);

        var target = targets[request.Target];
        string? promotedSha = null;
        if (target.RequiresSuccessOn is { } prerequisite)
        {
            var earlier = await deploys.Load(DeployIdentity.DeployId(request.Repository, request.PrNumber, prerequisite));
            if (earlier?.CurrentState != nameof(DeployStateMachine.Succeeded) || earlier.Attempt.MergeSha is null)
            {
                await context.Publish(Rejection.Announcement(request,
                    $"{request.Repository}#{request.PrNumber} must succeed on {prerequisite} before it deploys to {request.Target}" +
                    (earlier is null ? "" : $" (on {prerequisite} it is {earlier.CurrentState})"), context.MessageId));
                return;
            }
            promotedSha = earlier.Attempt.MergeSha;
        }

        await context.Publish(new DeployAccepted
        {
            DeployId = DeployIdentity.DeployId(request.Repository, request.PrNumber, request.Target),
            Request = request,
            Priority = PriorityPolicy.ForDeploy(request.Priority, target.Priority),
            MergeStrategy = request.MergeStrategy ?? target.MergeStrategy,
            PromotedSha = promotedSha,
            AcceptedAt = DateTimeOffset.UtcNow,
            RequestId = requestId,
        });
    }
}
