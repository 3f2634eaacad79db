using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class DeploymentWatchTests : GitHubTestBed
{
    async Task<string> MergeReadyPullRequest()
    {
        var pull = ReadyPullRequest();
        var outcome = await PullRequests().Merge(RepositoryName, 7, pull.HeadSha, MergeStrategy.Squash, "Deploy", CancellationToken.None);
        return outcome.MergeSha!;
    }

    Task<PipelineObservation> Observe(string sha, DeployTrigger trigger = DeployTrigger.Merge, string? workflow = "deploy.yml", string environment = "staging") =>
        Deployments().Observe(new PipelineQuery(RepositoryName, sha, workflow, environment, trigger), CancellationToken.None);

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

        await Deployments().EnsureDeployment(RepositoryName, sha, "production", CancellationToken.None);
        await Deployments().EnsureDeployment(RepositoryName, sha, "production", CancellationToken.None);

        Assert.That(Repo.Deployments, Is.EqualTo(new[] { (sha, "production") }));
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
        await Deployments().EnsureDeployment(RepositoryName, sha, "production", CancellationToken.None);

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
        await Deployments().EnsureDeployment(RepositoryName, sha, "production", CancellationToken.None);

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
        await Deployments().EnsureDeployment(RepositoryName, sha, "production", CancellationToken.None);

        var observation = await Observe(sha, DeployTrigger.Deployment, workflow: "deploy.yml", environment: "production");

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Failed));
        Assert.That(observation.FailedJobs.Select(j => j.JobName), Does.Contain("startup"));
    }
}
