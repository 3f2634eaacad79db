using DeployQueue.Contracts;

namespace DeployQueue.Domain.Intake;

/// <summary>How a refused deploy request is announced, wherever it is refused.</summary>
public static class Rejection
{
    /// <summary>A `Rejected` announcement: the reason, the message id, and the task, repository, PR and target as far as they were read.</summary>
    public static Announcement Announcement(DeployRequested request, string reason, Guid? messageId)
    {
        var about = request.PrNumber > 0 && request.Repository.Length > 0 ? $" for {request.Repository}#{request.PrNumber}" : "";
        return new Announcement
        {
            Kind = AnnouncementKind.Rejected,
            Message = $"Deploy request{about} rejected{(messageId is { } id ? $" (message {id})" : "")}: {reason}",
            DeployTaskId = request.TaskId,
            Repository = request.Repository,
            PrNumber = request.PrNumber,
            Target = request.Target,
            At = DateTimeOffset.UtcNow,
            Links = request.PrNumber > 0 && Uri.TryCreate(request.PrUrl, UriKind.Absolute, out _) ? [new Link($"PR #{request.PrNumber}", request.PrUrl)] : [],
        };
    }
}
