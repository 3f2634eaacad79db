namespace DeployQueue.Contracts;

/// <summary>
/// GitHub said (by a webhook delivery) that something changed that deploys may be waiting for: a hint to look now,
/// never evidence; the deploys decide from GitHub's API as always. Webhook endpoint → change consumer.
/// </summary>
public record GitHubChangeNoticed
{
    /// <summary>X-GitHub-Delivery: the delivery this hint came from.</summary>
    public string DeliveryId { get; init; } = "";
    /// <summary>"owner/name", as GitHub spells it.</summary>
    public string Repository { get; init; } = "";
    /// <summary>X-GitHub-Event and the payload's action, for the logs: "pull_request_review", "submitted".</summary>
    public string Event { get; init; } = "";
    public string? Action { get; init; }
    /// <summary>Which deploys should look: those waiting at the gate, or those watching a deployment.</summary>
    public GitHubChangeConcern Concerns { get; init; }
    /// <summary>The pull requests the event names.</summary>
    public IReadOnlyList<int> PrNumbers { get; init; } = [];
    /// <summary>The commit the event is about (a head for the gate, a merge SHA for a deployment), if it names one.</summary>
    public string? Sha { get; init; }
}
