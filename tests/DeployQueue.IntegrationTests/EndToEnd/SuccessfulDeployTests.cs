using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A deploy from request to end-to-end hand-off, on the real broker and database, with GitHub and the target
/// reached over HTTP: the path every PR of the pipeline takes when nothing goes wrong.
/// </summary>
[TestFixture]
public class SuccessfulDeployTests : OneServiceFixture
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task A_seed_task_for_an_approved_green_PR_is_merged_once_deployed_smoke_tested_and_handed_to_e2e()
    {
        var repository = World.Repositories[0];
        const int prNumber = 101;
        var pull = World.ReadyPullRequest(repository, prNumber);
        var approvedHead = pull.HeadSha;
        World.GitHub.Repository(repository).OnMerge(World.PipelineLandingOn(Target));
        var buildTaskId = $"build-{Guid.NewGuid():N}";

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target, buildTaskId));

        var e2e = await World.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);
        var workspace = await World.Inbox.WaitFor<WorkspaceDestroyRequested>(DownstreamQueues.Workspace,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await World.Deploy(repository, prNumber, Target);

        Assert.That(e2e, Has.Count.EqualTo(1), "one E2ERequested in e2e-test");
        Assert.Multiple(() =>
        {
            Assert.That(pull.Merges, Is.EqualTo(1), "merges on GitHub");
            Assert.That(pull.LastMergeMethod, Is.EqualTo("squash"));
            Assert.That(deploy?.Attempt.HeadSha, Is.EqualTo(approvedHead), "the SHA that passed the gate");
            Assert.That(World.GitHub.Repository(repository).WorkflowRunShas, Is.EqualTo(new[] { pull.MergeCommitSha }), "the pipeline ran for the merge");
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(pull.MergeCommitSha), "the target runs the merge");

            Assert.That(e2e[0].MergeSha, Is.EqualTo(pull.MergeCommitSha));
            Assert.That(e2e[0].Target, Is.EqualTo(Target));
            Assert.That(e2e[0].BaseUrl, Is.EqualTo(World.Targets[Target].BaseUrl));
            Assert.That(e2e[0].CommitBuildTaskId, Is.EqualTo(buildTaskId));
            Assert.That(e2e[0].PrUrl, Is.EqualTo($"https://github.com/{repository}/pull/{prNumber}"));

            Assert.That(announcements.OrderBy(a => a.At).Select(a => a.Kind), Is.EqualTo(new[]
            {
                AnnouncementKind.Started, AnnouncementKind.Merged, AnnouncementKind.Deployed, AnnouncementKind.Succeeded,
            }));
            Assert.That(workspace, Has.Count.EqualTo(1), "the PR's workspace may go");
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(deploy?.Attempt.MergeSha, Is.EqualTo(pull.MergeCommitSha));
        });
    }
}
