using System.Text.Json.Nodes;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Simulators.GitHub;

/// <summary>A pull request as the simulator shows it; every method scripts what GitHub will answer next.</summary>
public sealed class SimulatedPullRequest
{
    sealed record Review(long Id, string User, string State, string CommitId, DateTimeOffset SubmittedAt, string AuthorAssociation);

    readonly SimulatedRepository repository;
    readonly List<Review> reviews = [];
    readonly DateTimeOffset createdAt = DateTimeOffset.UtcNow;
    (int Status, string Message)? refusal;
    int mergeabilityUnknownReads;
    PipelineScript? onMerge;

    internal SimulatedPullRequest(SimulatedRepository repository, int number)
    {
        this.repository = repository;
        Number = number;
        HeadRef = $"feature/pr-{number}";
    }

    public int Number { get; }
    public long Id { get; } = Ids.Next();
    public string Title { get; set; } = "A change";
    public string HeadSha { get; private set; } = Ids.NewSha();
    public string HeadRef { get; }
    public string BaseRef { get; set; } = "main";
    /// <summary>Who opened the PR: GitHub lets no one approve their own PR, and the gate counts no such review.</summary>
    public string Author { get; set; } = "Codertocat";
    public bool Draft { get; private set; }
    public bool Closed { get; private set; }
    public bool Merged { get; private set; }
    public string? MergeCommitSha { get; private set; }
    public DateTimeOffset? MergedAt { get; private set; }
    public bool? Mergeable { get; private set; } = true;
    public string MergeableState { get; private set; } = "clean";

    /// <summary>PUT .../merge requests received, and how many of them merged (a redelivery must not merge twice).</summary>
    public int MergeRequests { get; private set; }
    public int Merges { get; private set; }
    public string? LastMergeMethod { get; private set; }

    /// <summary>An approval by <paramref name="user"/>, whose relation to the repository GitHub reports as
    /// <paramref name="association"/> (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE).</summary>
    public SimulatedPullRequest Approve(string user, string? onSha = null, string association = "COLLABORATOR") =>
        AddReview(user, "APPROVED", onSha, association);
    public SimulatedPullRequest RequestChanges(string user, string association = "COLLABORATOR") => AddReview(user, "CHANGES_REQUESTED", null, association);
    public SimulatedPullRequest Comment(string user) => AddReview(user, "COMMENTED", null, "COLLABORATOR");
    public SimulatedPullRequest Dismiss(string user) => AddReview(user, "DISMISSED", null, "COLLABORATOR");

    /// <summary>A new commit on the head branch: approvals given before stay on the old SHA, checks start empty.</summary>
    public string Push(string? sha = null)
    {
        lock (repository.Gate)
        {
            var before = HeadSha;
            HeadSha = sha ?? Ids.NewSha();
            DeliverPullRequest("synchronize", payload =>
            {
                payload["before"] = before;
                payload["after"] = HeadSha;
            });
            return HeadSha;
        }
    }

    public SimulatedPullRequest MarkDraft(bool draft = true) => Set(() => Draft = draft);
    public SimulatedPullRequest Close() => Set(() =>
    {
        Closed = true;
        DeliverPullRequest("closed", payload =>
        {
            payload["pull_request"]!["state"] = "closed";
            payload["pull_request"]!["merged"] = false;
        });
    });
    public SimulatedPullRequest Conflict() => Set(() => (Mergeable, MergeableState) = (false, "dirty"));

    /// <summary>GitHub answers mergeable = null ("still computing") for the next <paramref name="reads"/> reads of the PR.</summary>
    public SimulatedPullRequest MergeabilityComputedAfter(int reads) => Set(() => mergeabilityUnknownReads = reads);

    /// <summary>The next merge requests are refused with this status and message (branch protection, merge method not allowed).</summary>
    public SimulatedPullRequest RefuseMerge(int statusCode, string message) => Set(() => refusal = (statusCode, message));

    /// <summary>What the pipeline does after this PR's merge, instead of the repository's <see cref="SimulatedRepository.OnMerge"/>.</summary>
    public SimulatedPullRequest OnMerge(PipelineScript script) => Set(() => onMerge = script);

    /// <summary>A check run on the current head SHA (status queued | in_progress | completed).</summary>
    public SimulatedPullRequest Check(string name, string status, string? conclusion = null, string? summary = null)
    {
        repository.SetCheckRun(HeadSha, name, status, conclusion, summary);
        return this;
    }

    /// <summary>A commit status on the current head SHA (state pending | success | failure | error).</summary>
    public SimulatedPullRequest Status(string context, string state, string? description = null)
    {
        repository.SetStatus(HeadSha, context, state, description);
        return this;
    }

    SimulatedPullRequest AddReview(string user, string state, string? onSha, string association)
    {
        lock (repository.Gate)
        {
            var at = createdAt.AddSeconds(reviews.Count + 1);
            var review = new Review(Ids.Next(), user, state, onSha ?? HeadSha, at, association);
            reviews.Add(review);
            repository.Webhooks.Deliver("pull_request_review", "pull_request_review.submitted", repository.FullName, payload =>
            {
                payload["action"] = state == "DISMISSED" ? "dismissed" : "submitted";
                payload["review"]!["id"] = review.Id;
                payload["review"]!["state"] = state.ToLowerInvariant();
                payload["review"]!["commit_id"] = review.CommitId;
                payload["review"]!["author_association"] = association;
                payload["review"]!["user"]!["login"] = user;
                payload["pull_request"]!["number"] = Number;
                payload["pull_request"]!["head"]!["sha"] = HeadSha;
            });
        }
        return this;
    }

    /// <summary>A pull_request delivery (the example of a synchronize, as every action's payload has its shape).</summary>
    void DeliverPullRequest(string action, Action<JsonObject> edit) =>
        repository.Webhooks.Deliver("pull_request", "pull_request.synchronize", repository.FullName, payload =>
        {
            payload["action"] = action;
            payload["number"] = Number;
            payload["pull_request"]!["number"] = Number;
            payload["pull_request"]!["head"]!["sha"] = HeadSha;
            payload["pull_request"]!["head"]!["ref"] = HeadRef;
            payload["pull_request"]!["base"]!["ref"] = BaseRef;
            edit(payload);
        });

    SimulatedPullRequest Set(Action change)
    {
        lock (repository.Gate) change();
        return this;
    }

    internal JsonObject ToJson(Uri api, Uri html)
    {
        var computing = mergeabilityUnknownReads > 0;
        if (computing) mergeabilityUnknownReads--;
        var json = Templates.Clone("pull_request");
        var url = $"{api}repos/{repository.FullName}/pulls/{Number}";
        json["url"] = url;
        json["id"] = Id;
        json["number"] = Number;
        json["html_url"] = $"{html}{repository.FullName}/pull/{Number}";
        json["title"] = Title;
        json["state"] = Closed || Merged ? "closed" : "open";
        json["draft"] = Draft;
        json["merged"] = Merged;
        json["merge_commit_sha"] = MergeCommitSha;
        json["merged_at"] = MergedAt is { } at ? Templates.Timestamp(at) : null;
        json["mergeable"] = Merged || computing ? null : Mergeable;
        json["mergeable_state"] = computing ? "unknown" : Draft ? "draft" : MergeableState;
        json["head"]!["sha"] = HeadSha;
        json["head"]!["ref"] = HeadRef;
        json["user"]!["login"] = Author;
        json["user"]!["id"] = StableUserId(Author);
        json["base"]!["ref"] = BaseRef;
        json["base"]!["repo"]!["default_branch"] = repository.DefaultBranch;
        json["head"]!["repo"]!["default_branch"] = repository.DefaultBranch;
        return json;
    }

    internal IEnumerable<JsonNode> ReviewsJson(Uri html) => reviews.Select(r =>
    {
        var json = Templates.Clone("review");
        json["id"] = r.Id;
        json["user"]!["login"] = r.User;
        json["user"]!["id"] = StableUserId(r.User);
        json["state"] = r.State;
        json["commit_id"] = r.CommitId;
        json["author_association"] = r.AuthorAssociation;
        json["submitted_at"] = Templates.Timestamp(r.SubmittedAt);
        json["html_url"] = $"{html}{repository.FullName}/pull/{Number}#pullrequestreview-{r.Id}";
        return (JsonNode)json;
    });

    static long StableUserId(string login) => login.Aggregate(17L, (h, c) => h * 31 + c) & 0xFFFFFFF;

    /// <summary>GitHub's answer to PUT .../merge, in the order GitHub checks.</summary>
    internal (int Status, JsonObject Body) Merge(string? sha, string? method)
    {
        MergeRequests++;
        if (Merged || Closed) return Refusal(405, "Pull Request is not mergeable");
        if (refusal is { } r) return Refusal(r.Status, r.Message);
        if (sha is not null && sha != HeadSha) return Refusal(409, "Head branch was modified. Review and try the merge again.");
        if (Draft) return Refusal(405, "Pull Request is still a draft");
        if (Mergeable == false) return Refusal(405, "Pull Request is not mergeable");

        RecordMerge();
        LastMergeMethod = method ?? "merge";
        repository.StartPipelineAfterMerge(MergeCommitSha!, BaseRef, onMerge);
        return (200, new JsonObject { ["sha"] = MergeCommitSha, ["merged"] = true, ["message"] = "Pull Request successfully merged" });
    }

    /// <summary>Merged outside the queue (by a person, or by an earlier delivery whose answer was lost).</summary>
    public string MarkMerged()
    {
        lock (repository.Gate)
        {
            RecordMerge();
            return MergeCommitSha!;
        }
    }

    void RecordMerge()
    {
        Merges++;
        Merged = true;
        MergedAt = DateTimeOffset.UtcNow;
        MergeCommitSha = Ids.NewSha();
        repository.AppendCommit(MergeCommitSha, MergedAt.Value);
    }

    static (int, JsonObject) Refusal(int status, string message) =>
        (status, new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request" });
}
