using System.Text;
using System.Text.Json.Nodes;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.GitHub.Webhooks;

namespace DeployQueue.Simulators.GitHub;

/// <summary>A workflow run started by a merge or a deployment, advancing step by step under its script's pace. A re-run
/// is a new attempt of the same run (same id, <c>run_attempt</c> + 1, a new <c>run_started_at</c>) that does what the
/// previous attempt's script scripts for a re-run.</summary>
internal sealed class SimulatedWorkflowRun
{
    sealed record StepState(string Name, string Status, string? Conclusion);
    sealed record JobState(JobScript Script, long Id, string Status, string? Conclusion, IReadOnlyList<StepState> Steps);

    /// <summary>One attempt of the run: its own jobs (GitHub gives a re-run's jobs new ids), clock and progress.</summary>
    sealed class RunAttempt(PipelineScript script, DateTimeOffset startedAt)
    {
        public PipelineScript Script { get; } = script;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public Progress Progress { get; } = new(script.RunPace, startedAt);
        public long[] JobIds { get; } = script.Jobs.Select(_ => Ids.Next()).ToArray();
        public bool SucceededReported { get; set; }
        public bool CompletionDelivered { get; set; }
    }

    readonly SimulatedRepository repository;
    readonly List<RunAttempt> attempts = [];
    readonly DateTimeOffset createdAt = DateTimeOffset.UtcNow;

    public SimulatedWorkflowRun(SimulatedRepository repository, PipelineScript script, string headSha, string trigger, string branch, int runNumber)
    {
        this.repository = repository;
        Script = script;
        HeadSha = headSha;
        Trigger = trigger;
        Branch = branch;
        RunNumber = runNumber;
        attempts.Add(new RunAttempt(script, createdAt));
        WorkflowId = Math.Abs(script.WorkflowFile.Aggregate(7L, (h, c) => h * 31 + c) % 100_000_000);
    }

    public long Id { get; } = Ids.Next();
    public long WorkflowId { get; }

    /// <summary>The script the run started with: its workflow is the run's for every attempt.</summary>
    public PipelineScript Script { get; }
    public string HeadSha { get; }
    public string Trigger { get; }
    public string Branch { get; }
    public int RunNumber { get; }

    /// <summary>The script of the latest attempt.</summary>
    public PipelineScript LatestScript => Latest.Script;

    RunAttempt Latest => attempts[^1];

    public int Attempts => attempts.Count;

    public bool IsCompleted => RunState(Latest.Progress.Current).Done;

    public bool HasJob(long jobId) => attempts.Any(a => a.JobIds.Contains(jobId));

    /// <summary>Starts the next attempt, as POST .../rerun does once the run is completed.</summary>
    public void Rerun() => attempts.Add(new RunAttempt(Latest.Script.OnRerun ?? Latest.Script, DateTimeOffset.UtcNow));

    /// <summary>
    /// Delivers workflow_run completed once the latest attempt completes: at once, or when its pace's time is up; a run
    /// paced by reads completes on a read (<see cref="ReadRun"/>). Called with the simulator's lock held.
    /// </summary>
    public void DeliverWhenCompleted()
    {
        var attempt = Latest;
        if (attempt.Script.RunPace is { Polls: 0, Duration: var duration } && duration > TimeSpan.Zero)
            _ = Task.Delay(duration + SimulatedWebhooks.TimerSlack).ContinueWith(_ =>
            {
                lock (repository.Gate) DeliverIfCompleted(attempt);
            }, TaskScheduler.Default);
        else
            DeliverIfCompleted(attempt);
    }

    void DeliverIfCompleted(RunAttempt attempt)
    {
        if (attempt != Latest || attempt.CompletionDelivered || !IsCompleted)
            return;
        attempt.CompletionDelivered = true;
        var (_, failed) = RunState(attempt.Progress.Current);
        repository.Webhooks.Deliver("workflow_run", "workflow_run.completed", repository.FullName, payload =>
        {
            var run = payload["workflow_run"]!;
            run["id"] = Id;
            run["workflow_id"] = WorkflowId;
            run["name"] = Script.WorkflowName;
            run["path"] = $".github/workflows/{Script.WorkflowFile}";
            run["head_sha"] = HeadSha;
            run["head_branch"] = Branch;
            run["event"] = Trigger;
            run["run_number"] = RunNumber;
            run["run_attempt"] = Attempts;
            run["status"] = "completed";
            run["conclusion"] = failed ? "failure" : "success";
            payload["workflow"]!["id"] = WorkflowId;
            payload["workflow"]!["name"] = Script.WorkflowName;
            payload["workflow"]!["path"] = $".github/workflows/{Script.WorkflowFile}";
        });
    }

    /// <summary>The run as one read of the run listing sees it; that read advances the run.</summary>
    public JsonNode ReadRun(Uri api, Uri html)
    {
        var attempt = Latest;
        var current = attempt.Progress.Read();
        DeliverIfCompleted(attempt);
        if (current >= 1.0 && !attempt.Script.Jobs.Any(j => j.Fails) && !attempt.SucceededReported)
        {
            attempt.SucceededReported = true;
            attempt.Script.WhenSucceeded?.Invoke(HeadSha);
        }
        return RunJson(current, api, html);
    }

    /// <summary>The latest attempt's jobs, as GitHub lists them by default (filter=latest).</summary>
    public IEnumerable<JsonNode> JobsJson(Uri api, Uri html) => Snapshot(Latest, Latest.Progress.Current).Select(job =>
    {
        var startedAt = Latest.StartedAt;
        var json = Templates.Clone("workflow_job");
        json["id"] = job.Id;
        json["run_id"] = Id;
        json["run_attempt"] = Attempts;
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
        json["created_at"] = repository.Timestamp(startedAt);
        json["started_at"] = repository.Timestamp(startedAt);
        json["completed_at"] = job.Status == "completed" ? repository.Timestamp(startedAt) : null;
        json["steps"] = new JsonArray(job.Steps.Select((s, i) => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["status"] = s.Status,
            ["conclusion"] = s.Conclusion,
            ["number"] = i + 1,
            ["started_at"] = s.Status == "queued" ? null : repository.Timestamp(startedAt.AddSeconds(i)),
            ["completed_at"] = s.Status == "completed" ? repository.Timestamp(startedAt.AddSeconds(i + 1)) : null,
        }).ToArray());
        return (JsonNode)json;
    });

    /// <summary>The job's log the way GitHub serves it: each line prefixed with its timestamp.</summary>
    public string JobLog(long jobId)
    {
        var attempt = attempts.First(a => a.JobIds.Contains(jobId));
        var job = attempt.Script.Jobs[Array.IndexOf(attempt.JobIds, jobId)];
        var lines = job.Log?.Split('\n') ?? job.Steps.SelectMany(s => new[] { $"##[group]Run {s}", $"{s} done", "##[endgroup]" }).ToArray();
        var log = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
            log.Append(attempt.StartedAt.AddMilliseconds(i * 37).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'"))
                .Append(' ').Append(lines[i].TrimEnd('\r')).Append('\n');
        return log.ToString();
    }

    string JobHtmlUrl(Uri html, long jobId) => $"{html}{repository.FullName}/actions/runs/{Id}/job/{jobId}";

    JsonNode RunJson(double at, Uri api, Uri html)
    {
        var (done, failed) = RunState(at);
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
        json["created_at"] = repository.Timestamp(createdAt);
        json["run_attempt"] = Attempts;
        json["run_started_at"] = repository.Timestamp(Latest.StartedAt);
        json["updated_at"] = repository.Timestamp(Latest.StartedAt);
        json["rerun_url"] = $"{api}repos/{repository.FullName}/actions/runs/{Id}/rerun";
        json["previous_attempt_url"] = Attempts > 1 ? $"{api}repos/{repository.FullName}/actions/runs/{Id}/attempts/{Attempts - 1}" : null;
        json["pull_requests"] = new JsonArray();
        return json;
    }

    /// <summary>Whether the latest attempt is over at progress <paramref name="at"/>, and whether it failed.</summary>
    (bool Done, bool Failed) RunState(double at)
    {
        var jobs = Snapshot(Latest, at);
        var failed = jobs.Any(j => j.Conclusion == "failure");
        return (failed || jobs.All(j => j.Status == "completed"), failed);
    }

    /// <summary>The attempt's jobs and steps at progress <paramref name="at"/>: that share of all steps is done, the next
    /// runs; a failing step ends the run, and everything after it is skipped.</summary>
    static List<JobState> Snapshot(RunAttempt attempt, double at)
    {
        var script = attempt.Script;
        var total = script.Jobs.Sum(j => j.Steps.Count);
        var completed = at >= 1 ? total : (int)Math.Floor(at * total);
        var index = 0;
        var failed = false;
        var jobs = new List<JobState>();
        for (var j = 0; j < script.Jobs.Count; j++)
        {
            var job = script.Jobs[j];
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
            jobs.Add(new JobState(job, attempt.JobIds[j], status, conclusion, steps));
        }
        return jobs;
    }
}
