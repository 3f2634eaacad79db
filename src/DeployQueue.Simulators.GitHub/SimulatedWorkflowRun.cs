using System.Text;
using System.Text.Json.Nodes;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Simulators.GitHub;

/// <summary>A workflow run started by a merge or a deployment, advancing step by step under its script's pace.</summary>
internal sealed class SimulatedWorkflowRun
{
    sealed record StepState(string Name, string Status, string? Conclusion);
    sealed record JobState(JobScript Script, long Id, string Status, string? Conclusion, IReadOnlyList<StepState> Steps);

    readonly SimulatedRepository repository;
    readonly Progress progress;
    readonly long[] jobIds;
    readonly DateTimeOffset createdAt = DateTimeOffset.UtcNow;
    bool succeededReported;

    public SimulatedWorkflowRun(SimulatedRepository repository, PipelineScript script, string headSha, string trigger, string branch, int runNumber)
    {
        this.repository = repository;
        Script = script;
        HeadSha = headSha;
        Trigger = trigger;
        Branch = branch;
        RunNumber = runNumber;
        progress = new Progress(script.RunPace, createdAt);
        jobIds = script.Jobs.Select(_ => Ids.Next()).ToArray();
        WorkflowId = Math.Abs(script.WorkflowFile.Aggregate(7L, (h, c) => h * 31 + c) % 100_000_000);
    }

    public long Id { get; } = Ids.Next();
    public long WorkflowId { get; }
    public PipelineScript Script { get; }
    public string HeadSha { get; }
    public string Trigger { get; }
    public string Branch { get; }
    public int RunNumber { get; }

    public bool HasJob(long jobId) => jobIds.Contains(jobId);

    /// <summary>The run as one read of the run listing sees it; that read advances the run.</summary>
    public JsonNode ReadRun(Uri api, Uri html)
    {
        var current = progress.Read();
        if (current >= 1.0 && !Script.Jobs.Any(j => j.Fails) && !succeededReported)
        {
            succeededReported = true;
            Script.WhenSucceeded?.Invoke(HeadSha);
        }
        return RunJson(current, api, html);
    }

    public IEnumerable<JsonNode> JobsJson(Uri api, Uri html) => Snapshot(progress.Current).Select(job =>
    {
        var json = Templates.Clone("workflow_job");
        json["id"] = job.Id;
        json["run_id"] = Id;
        json["run_url"] = $"{api}repos/{repository.FullName}/actions/runs/{Id}";
        json["url"] = $"{api}repos/{repository.FullName}/actions/jobs/{job.Id}";
        json["html_url"] = JobHtmlUrl(html, job.Id);
        json["check_run_url"] = $"{api}repos/{repository.FullName}/check-runs/{job.Id}";
        json["head_sha"] = HeadSha;
        json["head_branch"] = Branch;
        json["name"] = job.Script.Name;
        json["workflow_name"] = Script.WorkflowName;
        json["status"] = job.Status;
        json["conclusion"] = job.Conclusion;
        json["created_at"] = Templates.Timestamp(createdAt);
        json["started_at"] = Templates.Timestamp(createdAt);
        json["completed_at"] = job.Status == "completed" ? Templates.Timestamp(createdAt) : null;
        json["steps"] = new JsonArray(job.Steps.Select((s, i) => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["status"] = s.Status,
            ["conclusion"] = s.Conclusion,
            ["number"] = i + 1,
            ["started_at"] = s.Status == "queued" ? null : Templates.Timestamp(createdAt.AddSeconds(i)),
            ["completed_at"] = s.Status == "completed" ? Templates.Timestamp(createdAt.AddSeconds(i + 1)) : null,
        }).ToArray());
        return (JsonNode)json;
    });

    /// <summary>The job's log the way GitHub serves it: each line prefixed with its timestamp.</summary>
    public string JobLog(long jobId)
    {
        var job = Script.Jobs[Array.IndexOf(jobIds, jobId)];
        var lines = job.Log?.Split('\n') ?? job.Steps.SelectMany(s => new[] { $"##[group]Run {s}", $"{s} done", "##[endgroup]" }).ToArray();
        var log = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
            log.Append(createdAt.AddMilliseconds(i * 37).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'")).Append(' ').Append(lines[i].TrimEnd('\r')).Append('\n');
        return log.ToString();
    }

    string JobHtmlUrl(Uri html, long jobId) => $"{html}{repository.FullName}/actions/runs/{Id}/job/{jobId}";

    JsonNode RunJson(double at, Uri api, Uri html)
    {
        var jobs = Snapshot(at);
        var failed = jobs.Any(j => j.Conclusion == "failure");
        var done = failed || jobs.All(j => j.Status == "completed");
        var json = Templates.Clone("workflow_run");
        json["id"] = Id;
        json["name"] = Script.WorkflowName;
        json["display_title"] = Script.WorkflowName;
        json["path"] = $".github/workflows/{Script.WorkflowFile}";
        json["workflow_id"] = WorkflowId;
        json["run_number"] = RunNumber;
        json["event"] = Trigger;
        json["head_sha"] = HeadSha;
        json["head_branch"] = Branch;
        json["status"] = done ? "completed" : at <= 0 ? "queued" : "in_progress";
        json["conclusion"] = !done ? null : failed ? "failure" : "success";
        json["url"] = $"{api}repos/{repository.FullName}/actions/runs/{Id}";
        json["html_url"] = $"{html}{repository.FullName}/actions/runs/{Id}";
        json["jobs_url"] = $"{api}repos/{repository.FullName}/actions/runs/{Id}/jobs";
        json["logs_url"] = $"{api}repos/{repository.FullName}/actions/runs/{Id}/logs";
        json["created_at"] = Templates.Timestamp(createdAt);
        json["run_started_at"] = Templates.Timestamp(createdAt);
        json["updated_at"] = Templates.Timestamp(createdAt);
        json["pull_requests"] = new JsonArray();
        return json;
    }

    /// <summary>Jobs and steps at progress <paramref name="at"/>: that share of all steps is done, the next runs;
    /// a failing step ends the run, and everything after it is skipped.</summary>
    List<JobState> Snapshot(double at)
    {
        var total = Script.Jobs.Sum(j => j.Steps.Count);
        var completed = at >= 1 ? total : (int)Math.Floor(at * total);
        var index = 0;
        var failed = false;
        var jobs = new List<JobState>();
        for (var j = 0; j < Script.Jobs.Count; j++)
        {
            var job = Script.Jobs[j];
            var steps = new List<StepState>();
            foreach (var step in job.Steps)
            {
                steps.Add(
                    failed ? new StepState(step, "completed", "skipped") :
                    index < completed ? new StepState(step, "completed", step == job.FailingStep ? "failure" : "success") :
                    index == completed && at > 0 ? new StepState(step, "in_progress", null) :
                    new StepState(step, "queued", null));
                failed |= steps[^1].Conclusion == "failure";
                index++;
            }
            var status =
                steps.All(s => s.Status == "completed") ? "completed" :
                steps.Any(s => s.Status != "queued") ? "in_progress" : "queued";
            var conclusion = status != "completed" ? null :
                steps.Any(s => s.Conclusion == "failure") ? "failure" :
                steps.All(s => s.Conclusion == "skipped") ? "skipped" : "success";
            jobs.Add(new JobState(job, jobIds[j], status, conclusion, steps));
        }
        return jobs;
    }
}
