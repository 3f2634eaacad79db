using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// Blue-green (issue 20), the two-step rollout: the new version is deployed beside the live one with no traffic (0 %), judged by
/// the monitoring checks at its own URL (the step Deployment's environment_url) for the pause, then switched to (100 %).
/// </summary>
[TestFixture]
public class BlueGreenTests : DeployQueueFixture
{
    const string GreenUrl = "https://green.production.example";
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    protected override void Adjust(DeployQueueOptions options)
    {
        var production = options.Targets["production"];
        production.Rollback = RollbackMode.Request;
        production.Monitoring = new MonitoringOptions
        {
            Window = TimeSpan.Zero,
            Interval = TimeSpan.FromMilliseconds(100),
            FailureLimit = 2,
            Checks = [new MonitoringCheckOptions { Path = "/health", MaxLatencyMs = 500 }],
        };
        production.Rollout = new RolloutOptions { Steps = [new() { Weight = 0, Pause = Pause }, new() { Weight = 100 }] };
        production.Timeouts.Rollback = StepTimeout;
    }

    [Test]
    public async Task A_preview_that_passes_its_checks_at_its_own_url_is_switched_to()
    {
        var stable = await LiveOnProduction(801);
        var release = await PassedStaging(802);
        GitHub.StepPipeline(release.MergeSha, 1, PipelineScript.Succeeded with { EnvironmentUrl = GreenUrl });

        await Send(Request(802, "production"));
        var judge = await PublishedOne<JudgeCanaryStep>(j => j.Release.DeployId == IdOf(802, "production"));
        await Reaches(IdOf(802, "production"), m => m.Succeeded);
        var checks = Published<RunMonitoringChecks>(c => c.MergeSha == release.MergeSha);

        Assert.Multiple(() =>
        {
            Assert.That((judge.Step.Weight, judge.PreviewUrl), Is.EqualTo((0, GreenUrl)));
            Assert.That(checks, Is.Not.Empty);
            Assert.That(checks.Select(c => (c.PreviewUrl, c.StableSha)), Is.All.EqualTo(((string?)GreenUrl, (string?)stable.MergeSha)),
                "every interval at the preview, with the live version a query may compare it with");
            Assert.That(Monitoring.SampledAt, Has.Member(GreenUrl));
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step.Weight), Is.EqualTo(new[] { 0, 100 }));
            Assert.That(AnnouncementsOf(IdOf(802, "production")).Where(a => a.Kind == AnnouncementKind.Deployed).Select(a => a.Message),
                Has.Some.Contains("preview 0 % (step 1 of 2)"));
        });
    }

    [Test]
    public async Task A_preview_whose_deployment_reports_no_url_of_its_own_fails_with_a_fix_task_that_says_so_and_changes_no_traffic()
    {
        await LiveOnProduction(811);
        var release = await PassedStaging(812);
        GitHub.StepPipeline(release.MergeSha, 1, PipelineScript.Succeeded with { EnvironmentUrl = null });

        await Send(Request(812, "production"));
        await Reaches(IdOf(812, "production"), m => m.Failed);
        var fixTask = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(812, "production"));

        Assert.Multiple(() =>
        {
            Assert.That(fixTask.Kind, Is.EqualTo(FixTaskKind.DeploymentError));
            Assert.That(fixTask.Description, Does.Contain("preview 0 % (step 1 of 2) succeeded without an environment_url"));
            Assert.That(Published<JudgeCanaryStep>(j => j.Release.DeployId == IdOf(812, "production")), Is.Empty, "nothing to judge it at");
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step.Weight), Is.EqualTo(new[] { 0 }));
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.Empty, "no traffic moved: nothing to roll back");
        });
    }

    [Test]
    public async Task A_preview_that_fails_its_checks_is_never_switched_to_and_the_live_version_is_verified()
    {
        var stable = await LiveOnProduction(821);
        var release = await PassedStaging(822);
        GitHub.StepPipeline(release.MergeSha, 1, PipelineScript.Succeeded with { EnvironmentUrl = GreenUrl });
        Monitoring.Answer("production", _ => ScriptedMonitoring.Slow(900));
        Monitoring.Serve("production", stable.MergeSha);

        await Send(Request(822, "production"));
        await Reaches(IdOf(822, "production"), m => m.Failed);
        var verified = await PublishedOne<Announcement>(a => a.DeployId == IdOf(822, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        var fixTasks = Published<FixTaskRequested>(f => f.DeployId == IdOf(822, "production"));

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step.Weight), Is.EqualTo(new[] { 0 }),
                "never switched to");
            Assert.That(fixTasks.Select(f => (f.Kind, f.Stage)), Is.EqualTo(new[] { (FixTaskKind.PerformanceDegradation, DeployStage.Monitoring) }));
            Assert.That(fixTasks[0].Description, Does.Contain("preview 0 % (step 1 of 2)").And.Contain("p95 900 ms"));
            Assert.That(GitHub.AbortedShas, Is.EqualTo(new[] { release.MergeSha }), "the preview taken down: weight 0 for the release");
            Assert.That(verified.Message, Does.Contain($"serves {stable.MergeSha[..7]} again"));
        });
    }
}
