using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// The edge, on queue `deploy`: reads the request (MassTransit envelope or plain JSON, the seed's task
/// structure included), validates it, and hands it to the deploy saga as <see cref="DeployAccepted"/>.
/// A bad request is announced and goes to `deploy_error` with its reason; a staged target whose
/// prerequisite did not succeed is refused with an announcement.
/// </summary>
public class DeployRequestedConsumer(TargetCatalog targets, ILoadSagaRepository<DeployState> deploys) : IConsumer<DeployRequested>
{
    public const int MaxBodyBytes = 64 * 1024;
    const string EnvelopeMediaType = "application/vnd.masstransit+json";

    public async Task Consume(ConsumeContext<DeployRequested> context)
    {
        var (read, unreadable) = Read(context);
        var request = Normalize(read ?? new DeployRequested(), context);
        var errors = unreadable is null ? DeployRequestValidator.Validate(request, targets) : [unreadable];
        if (errors.Count > 0)
        {
            var reason = string.Join("; ", errors);
            await context.Publish(RejectionNotice(request, $"Deploy request rejected: {reason}"));
            throw new DeployRequestRejectedException(reason);
        }

        var target = targets[request.Target];
        string? promotedSha = null;
        if (target.RequiresSuccessOn is { } prerequisite)
        {
            var earlier = await deploys.Load(DeployIdentity.DeployId(request.Repository, request.PrNumber, prerequisite));
            if (earlier?.CurrentState != nameof(DeployStateMachine.Succeeded) || earlier.MergeSha is null)
            {
                await context.Publish(RejectionNotice(request,
                    $"{request.Repository}#{request.PrNumber} must succeed on {prerequisite} before it deploys to {request.Target}" +
                    (earlier is null ? "" : $" (on {prerequisite} it is {earlier.CurrentState})")));
                return;
            }
            promotedSha = earlier.MergeSha;
        }

        await context.Publish(new DeployAccepted
        {
            DeployId = DeployIdentity.DeployId(request.Repository, request.PrNumber, request.Target),
            Request = request,
            Priority = PriorityPolicy.ForDeploy(Parse<TaskPriority>(request.Priority), target.Priority),
            MergeStrategy = Parse<MergeStrategy>(request.MergeStrategy) ?? target.MergeStrategy,
            PromotedSha = promotedSha,
            AcceptedAt = DateTimeOffset.UtcNow,
            RequestMessageId = context.MessageId ?? NewId.NextGuid(),
        });
    }

    static (DeployRequested? Request, string? Error) Read(ConsumeContext<DeployRequested> context)
    {
        var body = context.ReceiveContext.Body.GetBytes();
        if (body.Length > MaxBodyBytes)
            return (null, $"the message is {body.Length} bytes, more than the {MaxBodyBytes} accepted");

        if (context.ReceiveContext.ContentType?.MediaType == EnvelopeMediaType)
            return (context.Message, null);

        var request = SeedTaskReader.Read(body, out var error);
        return (request, error);
    }

    static DeployRequested Normalize(DeployRequested request, ConsumeContext context) => request with
    {
        TaskId = string.IsNullOrWhiteSpace(request.TaskId) ? (context.MessageId ?? NewId.NextGuid()).ToString() : request.TaskId.Trim(),
        Repository = string.IsNullOrWhiteSpace(request.Repository)
            ? DeployRequestValidator.RepositoryFromPrUrl(request.PrUrl) ?? ""
            : request.Repository.Trim(),
        // An envelope may carry nulls where the contract has none: they read as missing, and validation says so.
        Target = request.Target?.Trim() ?? "",
        Title = request.Title ?? "",
        Branch = request.Branch ?? "",
        PrUrl = request.PrUrl ?? "",
    };

    static Announcement RejectionNotice(DeployRequested request, string message) => new()
    {
        Kind = AnnouncementKind.Rejected,
        Message = message,
        DeployTaskId = request.TaskId,
        Repository = request.Repository,
        PrNumber = request.PrNumber,
        Target = request.Target,
        At = DateTimeOffset.UtcNow,
        Links = Uri.TryCreate(request.PrUrl, UriKind.Absolute, out _) ? [new Link($"PR #{request.PrNumber}", request.PrUrl)] : [],
    };

    static T? Parse<T>(string? text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : null;
}
