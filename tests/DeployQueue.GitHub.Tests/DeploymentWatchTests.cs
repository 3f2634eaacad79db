using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class DeploymentWatchTests : GitHubTestBed
{
    async Task<string> MergeReadyPullRequest(int number = 7)
    {
        var pull = ReadyPullRequest(number);
        var outcome = await PullRequests().Merge(RepositoryName, number, pull.HeadSha, MergeStrategy.Squash, "Deploy", CancellationToken.None);
        return outcome.MergeSha!;
    }

    Task<PipelineObservation> Observe(string sha, DeployTrigger trigger = DeployTrigger.Merge, string? workflow = "deploy.yml", string environment = "staging",
        DateTimeOffset? earlierAttemptEndedAt = null, string? lastKnownGoodSha = null) =>
        Deployments().Observe(new PipelineQuery(RepositoryName, sha, workflow, environment, trigger, earlierAttemptEndedAt, lastKnownGoodSha),
            CancellationToken.None);

    Task EnsureDeployment(string sha, string environment, DateTimeOffset? earlierAttemptEndedAt = null, CanaryStep? step = null,
        string? lastKnownGoodSha = null, int attempt = 1) =>
        Deployments().EnsureDeployment(new PipelineQuery(RepositoryName, sha, null, environment, DeployTrigger.Deployment, earlierAttemptEndedAt,
            lastKnownGoodSha), attempt, step, CancellationToken.None);

    /// <summary>The end of the attempt that watched the pipeline so far. GitHub's timestamps are whole seconds; in life an
    /// attempt ends minutes after its pipeline started, here at least in the next second.</summary>
    static async Task<DateTimeOffset> EarlierAttemptEnds()
    {
        var now = DateTimeOffset.UtcNow;
        var nextSecond = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(1);
        while (DateTimeOffset.UtcNow < nextSecond) await Task.Delay(nextSecond - DateTimeOffset.UtcNow);
        return DateTimeOffset.UtcNow;
    }

    /// <summary>Looks at the pipeline as the saga's re-checks do, until it is over (at most <paramref name="looks"/> looks).</summary>
    async Task<List<PipelineObservation>> WatchUntilOver(string sha, DateTimeOffset? earlierAttemptEndedAt, DeployTrigger trigger = DeployTrigger.Merge,
        string? workflow = "deploy.yml", string environment = "staging", int looks = 10)
    {
        var observations = new List<PipelineObservation>();
        do observations.Add(await Observe(sha, trigger, workflow, environment, earlierAttemptEndedAt));
        while (observations[^1].Status is PipelineStatus.Running or PipelineStatus.NotStarted && observations.Count < looks);
        return observations;
    }

    [Test]
    public async Task Nothing_started_yet_is_not_started()
    {
        var observation = await Observe("0123456789abcdef0123456789abcdef01234567");

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.NotStarted));
    }

    [Test]
    public async Task A_workflow_run_that_passes_succeeds_with_its_url()
    {
        Repo.OnMerge(PipelineScript.Succeeding());
        var sha = await MergeReadyPullRequest();

        var observation = await Observe(sha);

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(observation.RunUrl, Does.Contain("/actions/runs/"));
        Assert.That(observation.FailedJobs, Is.Empty);
    }

    [Test]
    public async Task A_running_workflow_reports_its_stage_as_it_advances()
    {
        Repo.OnMerge(PipelineScript.Succeeding(pace: Pace.AfterPolls(10)));
        var sha = await MergeReadyPullRequest();

        var stages = new List<DeployStage?>();
        PipelineObservation observation;
        var polls = 0;
        do
        {
            observation = await Observe(sha);
            if (observation.Status == PipelineStatus.Running) stages.Add(observation.Stage);
        } while (observation.Status == PipelineStatus.Running && ++polls < 20);

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(stages, Does.Contain(DeployStage.Build).And.Contain(DeployStage.Deploy).And.Contain(DeployStage.HealthCheck));
    }

    [Test]
    public async Task A_failed_job_comes_back_with_its_step_stage_and_cleaned_log()
    {
        const string log = """
            Release "shop-api" does not exist. Installing it now.
            Using registry password=hunter2-very-secret
            Error: UPGRADE FAILED: timed out waiting for the condition
            ##[error]Process completed with exit code 1.
            """;
        Repo.OnMerge(PipelineScript.FailingIn("deploy", log));
        var sha = await MergeReadyPullRequest();

        var observation = await Observe(sha);

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed));
        Assert.That(observation.Stage, Is.EqualTo(DeployStage.Deploy));
        var job = observation.FailedJobs.Single();
        Assert.That(job.JobName, Is.EqualTo("deploy"));
        Assert.That(job.StepName, Is.EqualTo("Run helm upgrade --install"));
        Assert.That(job.LogUrl, Does.Contain("/job/"));
        Assert.That(job.Log, Does.StartWith("Release \"shop-api\" does not exist."));
        Assert.That(job.Log, Does.Contain("UPGRADE FAILED"));
        Assert.That(job.Log, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task A_failure_in_the_health_check_job_is_in_the_health_check_stage()
    {
        Repo.OnMerge(PipelineScript.FailingIn("health-check", "curl: (22) The requested URL returned error: 503"));
        var sha = await MergeReadyPullRequest();

        var observation = await Observe(sha);

        Assert.That(observation.Stage, Is.EqualTo(DeployStage.HealthCheck));
    }

    [Test]
    public async Task EnsureDeployment_creates_one_deployment_however_often_it_is_called()
    {
        var sha = await MergeReadyPullRequest();

        await EnsureDeployment(sha, "production");
        await EnsureDeployment(sha, "production");

        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (sha, "production") }));
    }

    [Test]
    public async Task A_rollout_creates_one_deployment_per_step_carrying_its_weight_as_numbers_and_aborts_with_weight_0_of_the_stable_sha()
    {
        var stable = await MergeReadyPullRequest(8);
        var canary = await MergeReadyPullRequest(9);

        foreach (var step in new[] { new CanaryStep(1, 3, 10, stable), new CanaryStep(2, 3, 50, stable) })
        {
            await EnsureDeployment(canary, "production", step: step);
            // A redelivered or resumed step finds its Deployment.
            await EnsureDeployment(canary, "production", step: step);
        }
        await Deployments().RollBack(RepositoryName, stable, "production", DateTimeOffset.UtcNow.AddMinutes(-1), canary, CancellationToken.None);
        var created = Repo.CreatedDeployments;

        Assert.Multiple(() =>
        {
            Assert.That(created.Select(d => (d.Sha, d.Weight, d.Step, d.Of, d.Canary, d.Stable)), Is.EqualTo(new[]
            {
                (canary, (int?)10, (int?)1, (int?)3, canary, stable), (canary, 50, 2, 3, canary, stable), (stable, 0, 0, 0, canary, stable),
            }));
            Assert.That(created[0].Payload!["weight"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number),
                "github.event.deployment.payload.weight is a number");
            Assert.That(created[0].Description, Is.EqualTo("Deploy Queue: canary 10 % (step 1 of 3), attempt 1"));
        });
    }

    [Test]
    public async Task Deployment_statuses_are_followed_to_success_with_the_environment_url()
    {
        Repo.OnDeployment("production", new PipelineScript
        {
            DeploymentStatuses =
            [
                new("queued"),
                new("in_progress", LogUrl: "https://ci.example/logs/1"),
                new("success", LogUrl: "https://ci.example/logs/1", EnvironmentUrl: "https://shop.example"),
            ],
            StatusPace = Pace.AfterPolls(3),
        });
        var sha = await MergeReadyPullRequest();
        await EnsureDeployment(sha, "production");

        var first = await Observe(sha, DeployTrigger.Deployment, workflow: null, environment: "production");
        var second = await Observe(sha, DeployTrigger.Deployment, workflow: null, environment: "production");
        var third = await Observe(sha, DeployTrigger.Deployment, workflow: null, environment: "production");

        Assert.That(new[] { first.Status, second.Status, third.Status },
            Is.EqualTo(new[] { PipelineStatus.Running, PipelineStatus.Running, PipelineStatus.Succeeded }));
        Assert.That(third.EnvironmentUrl, Is.EqualTo("https://shop.example"));
        Assert.That(third.RunUrl, Is.EqualTo("https://ci.example/logs/1"));
    }

    [TestCase("failure")]
    [TestCase("error")]
    public async Task A_failed_deployment_status_fails_with_its_log_url(string state)
    {
        Repo.OnDeployment("production", new PipelineScript
        {
            DeploymentStatuses = [new("in_progress"), new(state, "rollout of shop-api exceeded its progress deadline", "https://ci.example/logs/9")],
        });
        var sha = await MergeReadyPullRequest();
        await EnsureDeployment(sha, "production");

        var observation = await Observe(sha, DeployTrigger.Deployment, workflow: null, environment: "production");

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed));
        var job = observation.FailedJobs.Single();
        Assert.That(job.LogUrl, Is.EqualTo("https://ci.example/logs/9"));
        Assert.That(job.Log, Does.Contain("progress deadline"));
    }

    [Test]
    public async Task A_deployment_picked_up_by_the_deploy_workflow_reports_the_failed_job()
    {
        Repo.OnDeployment("production", PipelineScript.FailingIn("startup", "Error: Cannot find module 'express'"));
        var sha = await MergeReadyPullRequest();
        await EnsureDeployment(sha, "production");

        var observation = await Observe(sha, DeployTrigger.Deployment, workflow: "deploy.yml", environment: "production");

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed));
        Assert.That(observation.FailedJobs.Select(j => j.JobName), Does.Contain("startup"));
    }

    [Test]
    public async Task A_first_attempt_watches_the_run_its_merge_started_with_one_call_and_no_re_run()
    {
        Repo.OnMerge(PipelineScript.Succeeding());
        var sha = await MergeReadyPullRequest();
        var spentBefore = Simulator.Requests.Spent;

        var observation = await Observe(sha);

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(Simulator.Requests.Spent - spentBefore, Is.EqualTo(1), "the run listing only");
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 1) }));
    }

    [Test]
    public async Task A_new_attempt_re_runs_the_run_an_earlier_attempt_saw_fail_once_and_reports_the_re_run()
    {
        Repo.OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition") with
        {
            OnRerun = PipelineScript.Succeeding(pace: Pace.AfterPolls(2)),
        });
        var sha = await MergeReadyPullRequest();
        Assert.That((await Observe(sha)).Status, Is.EqualTo(PipelineStatus.Failed), "the first attempt fails");
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        var observations = await WatchUntilOver(sha, firstAttemptEndedAt);

        Assert.That(observations.Select(o => o.Status),
            Is.EqualTo(new[] { PipelineStatus.Running, PipelineStatus.Running, PipelineStatus.Succeeded }), "re-run asked, re-run running, re-run green");
        Assert.That(observations.SelectMany(o => o.FailedJobs), Is.Empty, "nothing of the first attempt's failure");
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 2) }), "one run, re-run once");
    }

    [Test]
    public async Task A_new_attempt_reports_the_failure_of_its_own_re_run()
    {
        Repo.OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED") with
        {
            OnRerun = PipelineScript.FailingIn("startup", "Error: Cannot find module 'express'"),
        });
        var sha = await MergeReadyPullRequest();
        await Observe(sha);
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        var observations = await WatchUntilOver(sha, firstAttemptEndedAt);

        Assert.That(observations[^1].Status, Is.EqualTo(PipelineStatus.Failed));
        Assert.That(observations[^1].FailedJobs.Select(j => j.JobName), Is.EqualTo(new[] { "startup" }));
        Assert.That(observations[^1].FailedJobs[0].Log, Does.Contain("Cannot find module"));
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 2) }));
    }

    [Test]
    public async Task An_earlier_attempts_run_still_running_is_re_run_only_once_it_is_over()
    {
        Repo.OnMerge(PipelineScript.Succeeding(pace: Pace.AfterPolls(3)));
        var sha = await MergeReadyPullRequest();
        Assert.That((await Observe(sha)).Status, Is.EqualTo(PipelineStatus.Running), "the first attempt saw it start");
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        var first = await Observe(sha, earlierAttemptEndedAt: firstAttemptEndedAt);
        var attemptsWhileRunning = Repo.WorkflowRuns.Single().Attempts;
        var observations = await WatchUntilOver(sha, firstAttemptEndedAt);

        Assert.That(first.Status, Is.EqualTo(PipelineStatus.NotStarted));
        Assert.That(attemptsWhileRunning, Is.EqualTo(1), "no re-run while the run runs");
        Assert.That(observations[^1].Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 2) }), "re-run once it was over");
    }

    [Test]
    public async Task A_new_attempt_creates_a_new_deployment_and_follows_it_not_the_earlier_one()
    {
        Repo.OnDeployment("production", PipelineScript.FailingIn("startup", "Error: Cannot find module 'express'") with
        {
            DeploymentStatuses = [new("failure", "startup failed", "https://ci.example/logs/1")],
        });
        var sha = await MergeReadyPullRequest();
        await EnsureDeployment(sha, "production");
        var first = await Observe(sha, DeployTrigger.Deployment, environment: "production");
        Repo.OnDeployment("production", PipelineScript.Succeeding() with
        {
            DeploymentStatuses = [new("success", LogUrl: "https://ci.example/logs/2", EnvironmentUrl: "https://shop.example")],
        });
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        await EnsureDeployment(sha, "production", firstAttemptEndedAt);
        await EnsureDeployment(sha, "production", firstAttemptEndedAt);
        var second = await Observe(sha, DeployTrigger.Deployment, environment: "production", earlierAttemptEndedAt: firstAttemptEndedAt);

        Assert.That(first.Status, Is.EqualTo(PipelineStatus.Failed), "the first attempt failed");
        Assert.That(second.Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(second.FailedJobs, Is.Empty);
        Assert.That(second.EnvironmentUrl, Is.EqualTo("https://shop.example"));
        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (sha, "production"), (sha, "production") }), "one deployment per attempt");
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 1), (sha, 1) }), "each deployment ran the deploy workflow, nothing was re-run");
    }

    [Test]
    public async Task A_new_attempt_does_not_re_run_a_merge_a_newer_merge_ran_after_and_reports_its_failure_as_superseded()
    {
        Repo.OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED") with { OnRerun = PipelineScript.Succeeding() });
        var older = await MergeReadyPullRequest(7);
        Assert.That((await Observe(older)).Status, Is.EqualTo(PipelineStatus.Failed), "the first attempt fails");
        Repo.OnMerge(PipelineScript.Succeeding());
        var newer = await MergeReadyPullRequest(8);
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        var observation = await Observe(older, earlierAttemptEndedAt: firstAttemptEndedAt);

        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (older, 1), (newer, 1) }), "the older merge's run is not re-run over the newer one");
        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed), "the earlier attempt's failure, as it was");
        Assert.That(observation.FailedJobs.Select(j => j.JobName), Is.EqualTo(new[] { "deploy" }));
        Assert.That(observation.Superseded?.Reason, Is.EqualTo(
            $"{older} is superseded by {newer} on workflow deploy.yml; deploying it again would roll back newer changes"));
    }

    [Test]
    public async Task A_new_attempt_does_not_deploy_again_a_sha_a_newer_deployment_to_the_environment_followed()
    {
        Repo.OnDeployment("production", new PipelineScript { DeploymentStatuses = [new("failure", "rollout exceeded its progress deadline")] });
        var older = await MergeReadyPullRequest(7);
        await EnsureDeployment(older, "production");
        Assert.That((await Observe(older, DeployTrigger.Deployment, workflow: null, environment: "production")).Status,
            Is.EqualTo(PipelineStatus.Failed), "the first attempt fails");
        Repo.OnDeployment("production", new PipelineScript { DeploymentStatuses = [new("success")] });
        var newer = await MergeReadyPullRequest(8);
        await EnsureDeployment(newer, "production");
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        await EnsureDeployment(older, "production", firstAttemptEndedAt);
        var observation = await Observe(older, DeployTrigger.Deployment, workflow: null, environment: "production",
            earlierAttemptEndedAt: firstAttemptEndedAt);

        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (older, "production"), (newer, "production") }),
            "the older SHA is not deployed over the newer one");
        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed), "the earlier attempt's failure, as it was");
        Assert.That(observation.FailedJobs.Single().Log, Does.Contain("progress deadline"));
        Assert.That(observation.Superseded?.Reason, Is.EqualTo(
            $"{older} is superseded by {newer} on environment production; deploying it again would roll back newer changes"));
    }

    [Test]
    public async Task A_new_attempt_deploys_again_a_sha_rolled_back_to_the_last_known_good_one_and_its_rollout_starts_at_step_one()
    {
        Repo.OnDeployment("production", new PipelineScript { DeploymentStatuses = [new("success")] });
        var good = await MergeReadyPullRequest(7);
        await EnsureDeployment(good, "production");
        var release = await MergeReadyPullRequest(8);
        var firstStep = new CanaryStep(1, 2, 10, good);
        await EnsureDeployment(release, "production", step: firstStep, lastKnownGoodSha: good);
        // The first attempt's canary failed its checks: the queue aborted it with a Deployment of the good SHA.
        var abortDecidedAt = await EarlierAttemptEnds();
        await Deployments().RollBack(RepositoryName, good, "production", abortDecidedAt, release, CancellationToken.None);
        var firstAttemptEndedAt = await EarlierAttemptEnds();

        await EnsureDeployment(release, "production", firstAttemptEndedAt, firstStep, lastKnownGoodSha: good, attempt: 2);
        var observation = await Observe(release, DeployTrigger.Deployment, workflow: null, environment: "production",
            earlierAttemptEndedAt: firstAttemptEndedAt, lastKnownGoodSha: good);

        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (good, "production"), (release, "production"), (good, "production"), (release, "production") }),
            "the release deployed again, from its first step, over the rollback");
        Assert.That(observation.Superseded, Is.Null, "the rollback to the last known good SHA supersedes nothing");
        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Succeeded), "the new attempt's own deployment");
    }

    [Test]
    public async Task A_new_attempts_step_is_deployed_again_even_when_the_earlier_attempt_ended_in_the_second_its_deployment_was_created()
    {
        var good = await MergeReadyPullRequest(7);
        var release = await MergeReadyPullRequest(8);
        var (firstStep, secondStep) = (new CanaryStep(1, 2, 10, good), new CanaryStep(2, 2, 100, good));
        await EnsureDeployment(release, "production", step: firstStep, lastKnownGoodSha: good);
        await EnsureDeployment(release, "production", step: secondStep, lastKnownGoodSha: good);
        // The second step's Deployment failed at once, and the attempt with it: in the same whole second of GitHub's clock.
        var firstAttemptEndedAt = DateTimeOffset.UtcNow;

        foreach (var step in new[] { firstStep, secondStep })
            await EnsureDeployment(release, "production", firstAttemptEndedAt, step, lastKnownGoodSha: good, attempt: 2);

        Assert.That(Repo.CreatedDeployments.Select(d => (d.Weight, d.Description)), Is.EqualTo(new[]
        {
            ((int?)10, "Deploy Queue: canary 10 % (step 1 of 2), attempt 1"), (100, "Deploy Queue: canary 100 % (step 2 of 2), attempt 1"),
            (10, "Deploy Queue: canary 10 % (step 1 of 2), attempt 2"), (100, "Deploy Queue: canary 100 % (step 2 of 2), attempt 2"),
        }), "each step of the new attempt deployed, none taken for the earlier attempt's");
    }

    [Test]
    public async Task A_first_attempt_goes_by_its_merges_run_however_far_behind_githubs_clock_is()
    {
        Repo.ClockBehind = TimeSpan.FromMinutes(1);
        Repo.OnMerge(PipelineScript.Succeeding(pace: Pace.AfterPolls(2)));
        var sha = await MergeReadyPullRequest();

        var observations = await WatchUntilOver(sha, earlierAttemptEndedAt: null);

        Assert.That(observations.Select(o => o.Status), Is.EqualTo(new[] { PipelineStatus.Running, PipelineStatus.Succeeded }));
        Assert.That(Repo.WorkflowRuns, Is.EqualTo(new[] { (sha, 1) }), "its own run, not re-run");
    }

    [Test]
    public async Task A_first_attempt_creates_one_deployment_however_far_behind_githubs_clock_is()
    {
        Repo.ClockBehind = TimeSpan.FromMinutes(1);
        Repo.OnDeployment("production", new PipelineScript { DeploymentStatuses = [new("in_progress"), new("success")], StatusPace = Pace.AfterPolls(2) });
        var sha = await MergeReadyPullRequest();

        var observations = new List<PipelineObservation>();
        do
        {
            await EnsureDeployment(sha, "production");
            observations.Add(await Observe(sha, DeployTrigger.Deployment, workflow: null, environment: "production"));
        } while (observations[^1].Status == PipelineStatus.Running && observations.Count < 5);

        Assert.That(observations[^1].Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (sha, "production") }), "one deployment, however often the watch looks");
    }
}
