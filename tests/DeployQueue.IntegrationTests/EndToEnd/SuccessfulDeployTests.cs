using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A deploy from request to end-to-end hand-off, on the real broker and database, with GitHub and the target
/// reached over HTTP: the path every PR of the pipeline takes when nothing goes wrong.
/// </summary>
[TestFixture]
public class SuccessfulDeployTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    EndToEndSystem _system = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        _system = await EndToEndSystem.Create();
        await _system.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await _system.DisposeAsync();

    [Test]
    public async Task A_seed_task_for_an_approved_green_PR_is_merged_once_deployed_smoke_tested_and_handed_to_e2e()
    {
        var repository = _system.Repositories[0];
        const int prNumber = 101;
        var pull = _system.ReadyPullRequest(repository, prNumber);
        var approvedHead = pull.HeadSha;
        _system.GitHub.Repository(repository).OnMerge(_system.PipelineLandingOn(Target));
        var buildTaskId = $"build-{Guid.NewGuid():N}";

        await _system.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target, buildTaskId));

        var e2e = await _system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var announcements = await _system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);
        var workspace = await _system.Inbox.WaitFor<WorkspaceDestroyRequested>(DownstreamQueues.Workspace,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await _system.Deploy(repository, prNumber, Target);

        Assert.That(e2e, Has.Count.EqualTo(1), "one E2ERequested in e2e-test");
        Assert.Multiple(() =>
        {
            Assert.That(pull.Merges, Is.EqualTo(1), "merges on GitHub");
            Assert.That(pull.LastMergeMethod, Is.EqualTo("squash"));
            Assert.That(deploy?.HeadSha, Is.EqualTo(approvedHead), "the SHA that passed the gate");
            Assert.That(_system.GitHub.Repository(repository).WorkflowRunShas, Is.EqualTo(new[] { pull.MergeCommitSha }), "the pipeline ran for the merge");
            Assert.That(_system.Targets[Target].RunningVersion, Is.EqualTo(pull.MergeCommitSha), "the target runs the merge");

            Assert.That(e2e[0].MergeSha, Is.EqualTo(pull.MergeCommitSha));
            Assert.That(e2e[0].Target, Is.EqualTo(Target));
            Assert.That(e2e[0].BaseUrl, Is.EqualTo(_system.Targets[Target].BaseUrl));
            Assert.That(e2e[0].CommitBuildTaskId, Is.EqualTo(buildTaskId));
            Assert.That(e2e[0].PrUrl, Is.EqualTo($"https://github.com/{repository}/pull/{prNumber}"));

            Assert.That(announcements.OrderBy(a => a.At).Select(a => a.Kind), Is.EqualTo(new[]
            {
                AnnouncementKind.Started, AnnouncementKind.Merged, AnnouncementKind.Deployed, AnnouncementKind.Succeeded,
            }));
            Assert.That(workspace, Has.Count.EqualTo(1), "the PR's workspace may go");
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(deploy?.MergeSha, Is.EqualTo(pull.MergeCommitSha));
        });
    }
}
