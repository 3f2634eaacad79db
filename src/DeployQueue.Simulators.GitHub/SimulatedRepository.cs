using System.Text.Json.Nodes;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.GitHub.Webhooks;

namespace DeployQueue.Simulators.GitHub;

/// <summary>One repository of the simulator: its pull requests, the checks on its commits, and what its
/// pipeline does after a merge or a deployment.</summary>
public sealed class SimulatedRepository
{
    sealed record CheckRun(long Id, string Name, string Status, string? Conclusion, string? Summary, DateTimeOffset StartedAt);
    sealed record CommitStatus(long Id, string Context, string State, string? Description, DateTimeOffset At);

    readonly Dictionary<int, SimulatedPullRequest> pulls = [];
    readonly Dictionary<string, List<CheckRun>> checkRuns = [];
    readonly Dictionary<string, List<CommitStatus>> statuses = [];
    readonly List<SimulatedWorkflowRun> runs = [];
    readonly List<SimulatedDeployment> deployments = [];
    readonly Dictionary<string, Func<CreatedDeployment, PipelineScript>> onDeployment = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string[]> protectionChecks = [];
    readonly Dictionary<string, string[]> rulesetChecks = [];
    readonly Dictionary<string, string> permissions = new(StringComparer.OrdinalIgnoreCase);
    // The merge commits in the order they were made, each the parent of the next: one linear history, so compare
    // answers ahead, behind or identical, never diverged.
    readonly List<(string Sha, DateTimeOffset At)> history = [];
    PipelineScript? onMerge;

    internal SimulatedRepository(object gate, string fullName, SimulatedWebhooks webhooks)
    {
        Gate = gate;
        FullName = fullName;
        Webhooks = webhooks;
    }

    internal object Gate { get; }
    internal SimulatedWebhooks Webhooks { get; }
    public string FullName { get; }

    /// <summary>The repository's default branch, as pull requests show it in base.repo.default_branch.</summary>
    public string DefaultBranch { get; set; } = "main";

    /// <summary>Branch protection on <paramref name="branch"/> requiring these status checks (GET .../branches/{branch}).</summary>
    public SimulatedRepository ProtectBranch(string branch, params string[] requiredChecks) =>
        Set(() => protectionChecks[branch] = requiredChecks);

    /// <summary>A ruleset on <paramref name="branch"/> with a required_status_checks rule (GET .../rules/branches/{branch}).</summary>
    public SimulatedRepository RulesetRequiringChecks(string branch, params string[] requiredChecks) =>
        Set(() => rulesetChecks[branch] = requiredChecks);

    /// <summary>The user's permission on the repository (admin, maintain, write, triage, read, none); unknown users read.</summary>
    public SimulatedRepository Grant(string user, string permission) => Set(() => permissions[user] = permission);

    internal JsonObject BranchJson(string branch, Uri api) => new()
    {
        ["name"] = branch,
        ["protected"] = protectionChecks.ContainsKey(branch),
        ["protection"] = new JsonObject
        {
            ["enabled"] = protectionChecks.ContainsKey(branch),
            ["required_status_checks"] = new JsonObject
            {
                ["enforcement_level"] = protectionChecks.ContainsKey(branch) ? "non_admins" : "off",
                ["contexts"] = new JsonArray([.. protectionChecks.GetValueOrDefault(branch, []).Select(c => (JsonNode)c)]),
                ["checks"] = new JsonArray(
                    [.. protectionChecks.GetValueOrDefault(branch, []).Select(c => (JsonNode)new JsonObject { ["context"] = c, ["app_id"] = null })]),
            },
        },
        ["protection_url"] = $"{api}repos/{FullName}/branches/{branch}/protection",
    };

    internal IEnumerable<JsonNode> BranchRulesJson(string branch) => rulesetChecks.TryGetValue(branch, out var checks)
        ?
        [
            new JsonObject
            {
                ["type"] = "required_status_checks",
                ["ruleset_source_type"] = "Repository",
                ["ruleset_source"] = FullName,
                ["ruleset_id"] = 42,
                ["parameters"] = new JsonObject
                {
                    ["strict_required_status_checks_policy"] = false,
                    ["required_status_checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject { ["context"] = c })]),
                },
            },
        ]
        : [];

    internal JsonObject PermissionJson(string user) => new()
    {
        ["permission"] = permissions.GetValueOrDefault(user, "read"),
        ["role_name"] = permissions.GetValueOrDefault(user, "read"),
        ["user"] = new JsonObject { ["login"] = user, ["type"] = "User" },
    };

    SimulatedRepository Set(Action change)
    {
        lock (Gate) change();
        return this;
    }

    /// <summary>How far GitHub's clock is behind the service's: the timestamps of runs and deployments are read on it.</summary>
    public TimeSpan ClockBehind { get; set; }

    internal string Timestamp(DateTimeOffset at) => Templates.Timestamp(at - ClockBehind);

    public SimulatedPullRequest PullRequest(int number)
    {
        lock (Gate)
        {
            if (!pulls.TryGetValue(number, out var pull)) pulls[number] = pull = new SimulatedPullRequest(this, number);
            return pull;
        }
    }

    /// <summary>The pipeline a merge starts (a workflow on push to the base branch), for the merge commit.</summary>
    public SimulatedRepository OnMerge(PipelineScript script)
    {
        lock (Gate) onMerge = script;
        return this;
    }

    /// <summary>The pipeline a created GitHub Deployment for <paramref name="environment"/> starts.</summary>
    public SimulatedRepository OnDeployment(string environment, PipelineScript script) => OnDeployment(environment, _ => script);

    /// <summary>The pipeline each GitHub Deployment created for <paramref name="environment"/> starts, by what it was created with
    /// (a rollout step's weight, say).</summary>
    public SimulatedRepository OnDeployment(string environment, Func<CreatedDeployment, PipelineScript> script)
    {
        lock (Gate) onDeployment[environment] = script;
        return this;
    }

    /// <summary>The deployments created so far, as (sha, environment).</summary>
    public IReadOnlyList<(string Sha, string Environment)> Deployments
    {
        get { lock (Gate) return deployments.Select(d => (d.Sha, d.Environment)).ToList(); }
    }

    /// <summary>The deployments created so far, in order, as they were created (description and payload included).</summary>
    public IReadOnlyList<CreatedDeployment> CreatedDeployments
    {
        get { lock (Gate) return deployments.Select(d => d.Created).ToList(); }
    }

    public IReadOnlyList<string> WorkflowRunShas
    {
        get { lock (Gate) return runs.Select(r => r.HeadSha).ToList(); }
    }

    /// <summary>The head SHAs of the workflow runs whose latest attempt has completed, as GitHub's workflow_run completed delivery names them.</summary>
    public IReadOnlyList<string> CompletedWorkflowRunShas
    {
        get { lock (Gate) return runs.Where(r => r.IsCompleted).Select(r => r.HeadSha).ToList(); }
    }

    /// <summary>The workflow runs so far, oldest first, each with its number of attempts (1 + its re-runs).</summary>
    public IReadOnlyList<(string Sha, int Attempts)> WorkflowRuns
    {
        get { lock (Gate) return runs.Select(r => (r.HeadSha, r.Attempts)).ToList(); }
    }

    internal SimulatedPullRequest? FindPull(int number) => pulls.GetValueOrDefault(number);

    /// <summary>A merge commit on top of the history (the caller holds the lock).</summary>
    internal void AppendCommit(string sha, DateTimeOffset at) => history.Add((sha, at));

    /// <summary>
    /// GET .../compare/{base}...{head} as GitHub answers it: the status of head against base, the commits head has beyond
    /// base (oldest first), the base and merge-base commits; null (404) when either SHA is not in the history.
    /// </summary>
    internal JsonObject? CompareJson(string baseSha, string headSha, Uri api, Uri html)
    {
        var baseIndex = history.FindIndex(c => c.Sha == baseSha);
        var headIndex = history.FindIndex(c => c.Sha == headSha);
        if (baseIndex < 0 || headIndex < 0) return null;

        var (status, aheadBy, behindBy) =
            headIndex > baseIndex ? ("ahead", headIndex - baseIndex, 0) :
            headIndex < baseIndex ? ("behind", 0, baseIndex - headIndex) :
            ("identical", 0, 0);
        var basehead = $"{baseSha}...{headSha}";
        return new JsonObject
        {
            ["url"] = $"{api}repos/{FullName}/compare/{basehead}",
            ["html_url"] = $"{html}{FullName}/compare/{basehead}",
            ["permalink_url"] = $"{html}{FullName}/compare/{basehead}",
            ["diff_url"] = $"{html}{FullName}/compare/{basehead}.diff",
            ["patch_url"] = $"{html}{FullName}/compare/{basehead}.patch",
            ["base_commit"] = CommitJson(baseIndex, api, html),
            ["merge_base_commit"] = CommitJson(Math.Min(baseIndex, headIndex), api, html),
            ["status"] = status,
            ["ahead_by"] = aheadBy,
            ["behind_by"] = behindBy,
            ["total_commits"] = aheadBy,
            ["commits"] = new JsonArray([.. Enumerable.Range(baseIndex + 1, aheadBy).Select(i => (JsonNode)CommitJson(i, api, html))]),
            ["files"] = new JsonArray(),
        };
    }

    JsonObject CommitJson(int index, Uri api, Uri html)
    {
        var (sha, at) = history[index];
        var person = new JsonObject { ["name"] = "GitHub", ["email"] = "noreply@github.com", ["date"] = Timestamp(at) };
        return new JsonObject
        {
            ["sha"] = sha,
            ["node_id"] = $"C_{sha[..12]}",
            ["url"] = $"{api}repos/{FullName}/commits/{sha}",
            ["html_url"] = $"{html}{FullName}/commit/{sha}",
            ["comments_url"] = $"{api}repos/{FullName}/commits/{sha}/comments",
            ["commit"] = new JsonObject
            {
                ["url"] = $"{api}repos/{FullName}/git/commits/{sha}",
                ["message"] = $"Merge commit {sha[..7]}",
                ["author"] = person,
                ["committer"] = person.DeepClone(),
                ["tree"] = new JsonObject { ["sha"] = sha, ["url"] = $"{api}repos/{FullName}/git/trees/{sha}" },
                ["comment_count"] = 0,
            },
            ["author"] = null,
            ["committer"] = null,
            ["parents"] = index == 0
                ? new JsonArray()
                : new JsonArray(new JsonObject
                {
                    ["sha"] = history[index - 1].Sha,
                    ["url"] = $"{api}repos/{FullName}/commits/{history[index - 1].Sha}",
                    ["html_url"] = $"{html}{FullName}/commit/{history[index - 1].Sha}",
                }),
        };
    }

    internal void SetCheckRun(string sha, string name, string status, string? conclusion, string? summary)
    {
        lock (Gate)
        {
            var list = ListFor(checkRuns, sha);
            list.RemoveAll(c => c.Name == name);
            var run = new CheckRun(Ids.Next(), name, status, conclusion, summary, DateTimeOffset.UtcNow);
            list.Add(run);
            if (status == "completed")
                Webhooks.Deliver("check_run", "check_run.completed", FullName, payload =>
                {
                    var json = payload["check_run"]!;
                    json["id"] = run.Id;
                    json["name"] = name;
                    json["head_sha"] = sha;
                    json["status"] = status;
                    json["conclusion"] = conclusion;
                    json["check_suite"]!["head_sha"] = sha;
                    json["pull_requests"] = PullRequestsOnHead(json["pull_requests"]!.AsArray(), sha);
                });
        }
    }

    /// <summary>The open PRs whose head is <paramref name="sha"/>, as a check's pull_requests lists them (shaped like <paramref name="example"/>).</summary>
    JsonArray PullRequestsOnHead(JsonArray example, string sha) => new([.. pulls.Values
        .Where(p => !p.Closed && !p.Merged && p.HeadSha == sha)
        .Select(p =>
        {
            var json = example[0]!.DeepClone();
            json["number"] = p.Number;
            json["id"] = p.Id;
            json["head"]!["sha"] = sha;
            json["head"]!["ref"] = p.HeadRef;
            json["base"]!["ref"] = p.BaseRef;
            return json;
        })]);

    internal void SetStatus(string sha, string context, string state, string? description)
    {
        lock (Gate)
        {
            var list = ListFor(statuses, sha);
            list.RemoveAll(s => s.Context == context);
            var status = new CommitStatus(Ids.Next(), context, state, description, DateTimeOffset.UtcNow);
            list.Add(status);
            Webhooks.Deliver("status", "status", FullName, payload =>
            {
                payload["id"] = status.Id;
                payload["sha"] = sha;
                payload["context"] = context;
                payload["state"] = state;
                payload["description"] = description;
                payload["commit"]!["sha"] = sha;
            });
        }
    }

    static List<T> ListFor<T>(Dictionary<string, List<T>> bySha, string sha)
    {
        if (!bySha.TryGetValue(sha, out var list)) bySha[sha] = list = [];
        return list;
    }

    internal void StartPipelineAfterMerge(string mergeSha, string branch, PipelineScript? pullRequestScript)
    {
        if ((pullRequestScript ?? onMerge) is not { } script) return;
        StartRun(script, mergeSha, "push", branch);
        ReportDeployment(script, mergeSha, branch);
    }

    /// <summary>POST .../rerun: GitHub re-runs a completed run only (403 while it runs), as its next attempt.</summary>
    internal bool Rerun(SimulatedWorkflowRun run)
    {
        if (!run.IsCompleted) return false;
        run.Rerun();
        run.DeliverWhenCompleted();
        if (run.Trigger == "push") ReportDeployment(run.LatestScript, run.HeadSha, run.Branch);
        return true;
    }

    /// <summary>A merge pipeline that deploys to a GitHub environment reports a deployment there, every time it runs.</summary>
    void ReportDeployment(PipelineScript script, string sha, string branch)
    {
        if (script.Environment is { } environment && script.DeploymentStatuses.Count > 0)
        {
            var deployment = new SimulatedDeployment(this, new CreatedDeployment(sha, environment, "", null), branch, script);
            deployments.Add(deployment);
            deployment.DeliverStatusesAsTheyCome();
        }
    }

    internal SimulatedDeployment CreateDeployment(string sha, string gitRef, string environment, string description, JsonObject? payload)
    {
        var created = new CreatedDeployment(sha, environment, description, payload);
        var script = onDeployment.GetValueOrDefault(environment)?.Invoke(created);
        var deployment = new SimulatedDeployment(this, created, gitRef, script);
        deployments.Add(deployment);
        deployment.DeliverStatusesAsTheyCome();
        if (script is { Jobs.Count: > 0 }) StartRun(script, sha, "deployment", gitRef);
        return deployment;
    }

    void StartRun(PipelineScript script, string sha, string trigger, string branch)
    {
        var run = new SimulatedWorkflowRun(this, script, sha, trigger, branch, runs.Count + 1);
        runs.Add(run);
        run.DeliverWhenCompleted();
    }

    internal IEnumerable<SimulatedWorkflowRun> RunsFor(string? workflowFile, string? headSha, string? trigger, string? branch) => runs
        .Where(r => workflowFile is null || r.Script.WorkflowFile.Equals(workflowFile, StringComparison.OrdinalIgnoreCase)
                    || r.WorkflowId.ToString() == workflowFile)
        .Where(r => headSha is null || r.HeadSha == headSha)
        .Where(r => branch is null || r.Branch == branch)
        .Where(r => trigger is null || r.Trigger == trigger)
        .OrderByDescending(r => r.RunNumber);

    internal SimulatedWorkflowRun? FindRun(long id) => runs.FirstOrDefault(r => r.Id == id);
    internal SimulatedWorkflowRun? FindRunByJob(long jobId) => runs.FirstOrDefault(r => r.HasJob(jobId));

    internal IEnumerable<SimulatedDeployment> DeploymentsFor(string? sha, string? environment, string? gitRef) => deployments
        .Where(d => sha is null || d.Sha == sha)
        .Where(d => environment is null || d.Environment.Equals(environment, StringComparison.OrdinalIgnoreCase))
        .Where(d => gitRef is null || d.Ref == gitRef)
        .Reverse();

    internal SimulatedDeployment? FindDeployment(long id) => deployments.FirstOrDefault(d => d.Id == id);

    internal IEnumerable<JsonNode> CheckRunsJson(string sha, Uri api, Uri html) =>
        checkRuns.GetValueOrDefault(sha, []).Select(c =>
        {
            var json = Templates.Clone("check_run");
            json["id"] = c.Id;
            json["name"] = c.Name;
            json["head_sha"] = sha;
            json["status"] = c.Status;
            json["conclusion"] = c.Conclusion;
            json["url"] = $"{api}repos/{FullName}/check-runs/{c.Id}";
            json["html_url"] = $"{html}{FullName}/runs/{c.Id}";
            json["details_url"] = $"{html}{FullName}/runs/{c.Id}";
            json["started_at"] = Templates.Timestamp(c.StartedAt);
            json["completed_at"] = c.Status == "completed" ? Templates.Timestamp(c.StartedAt) : null;
            json["output"]!["title"] = c.Conclusion is null ? null : $"{c.Name}: {c.Conclusion}";
            json["output"]!["summary"] = c.Summary;
            json["pull_requests"] = new JsonArray();
            return (JsonNode)json;
        });

    internal JsonObject CombinedStatusJson(string sha, Uri api, Uri html)
    {
        var list = statuses.GetValueOrDefault(sha, []);
        var items = new JsonArray(list.Select(s =>
        {
            var json = Templates.Clone("status");
            json["id"] = s.Id;
            json["url"] = $"{api}repos/{FullName}/statuses/{sha}";
            json["context"] = s.Context;
            json["state"] = s.State;
            json["description"] = s.Description;
            json["target_url"] = $"{html}{FullName}/commit/{sha}/status/{s.Context}";
            json["created_at"] = Templates.Timestamp(s.At);
            json["updated_at"] = Templates.Timestamp(s.At);
            return (JsonNode)json;
        }).ToArray());
        var state =
            list.Any(s => s.State is "failure" or "error") ? "failure" :
            list.Count == 0 || list.Any(s => s.State == "pending") ? "pending" : "success";
        return new JsonObject
        {
            ["state"] = state,
            ["statuses"] = items,
            ["sha"] = sha,
            ["total_count"] = list.Count,
            ["commit_url"] = $"{api}repos/{FullName}/commits/{sha}",
            ["url"] = $"{api}repos/{FullName}/commits/{sha}/status",
        };
    }
}
