using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A merge whose deploy pipeline fails on GitHub becomes a fix task for the executor, classified from the failed
/// job's log, with everything needed to act on it.
/// </summary>
[TestFixture]
public class FailedPipelineTests : OneServiceFixture
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>A Helm pre-upgrade hook running EF Core migrations against a column that already exists.</summary>
    const string MigrationLog = """
        Release "shop" has been upgraded before. Happy Helming!
        Running pre-upgrade hook job shop-db-migrate
        [shop-db-migrate] info: Microsoft.EntityFrameworkCore.Migrations[20402]
        [shop-db-migrate]       Applying migration '20260311094512_AddDiscountCodeToOrders'.
        [shop-db-migrate] fail: Microsoft.EntityFrameworkCore.Database.Command[20102]
        [shop-db-migrate]       Failed executing DbCommand (14ms) [Parameters=[], CommandType='Text', CommandTimeout='30']
        [shop-db-migrate]       ALTER TABLE orders ADD discount_code character varying(64) NULL;
        [shop-db-migrate] Npgsql.PostgresException (0x80004005): 42701: column "discount_code" of relation "orders" already exists
        Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:
        	* job shop-db-migrate failed: BackoffLimitExceeded
        ##[error]Process completed with exit code 1.
        """;

    [Test]
    public async Task A_failed_migration_in_the_deploy_job_becomes_a_database_migration_fix_task_and_the_deploy_fails()
    {
        var repository = World.Repositories[0];
        const int prNumber = 202;
        var versionBefore = World.Targets[Target].RunningVersion;
        var pull = World.ReadyPullRequest(repository, prNumber);
        World.GitHub.Repository(repository).OnMerge(PipelineScript.FailingIn("deploy", MigrationLog));
        var buildTaskId = $"build-{Guid.NewGuid():N}";

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target, buildTaskId));

        var fixTasks = await World.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == repository && f.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await World.WaitForDeploy(repository, prNumber, Bound, "Failed", "Succeeded");
        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Failed), Bound);

        Assert.That(fixTasks, Has.Count.EqualTo(1), "one fix task in execution");
        var fixTask = fixTasks[0];
        Assert.Multiple(() =>
        {
            Assert.That(fixTask.Kind, Is.EqualTo(FixTaskKind.DatabaseMigration));
            Assert.That(fixTask.Title, Is.EqualTo("FIX: Database migration issue"));
            Assert.That(fixTask.MergeSha, Is.EqualTo(pull.MergeCommitSha).And.Not.Null);
            Assert.That(fixTask.Stage, Is.EqualTo(DeployStage.Deploy));
            Assert.That(fixTask.LogExcerpt, Does.Contain("column \"discount_code\" of relation \"orders\" already exists"));
            Assert.That(fixTask.LogUrl, Does.StartWith(World.GitHub.BaseUrl.ToString()).And.Contain($"{repository}/actions/runs/"));
            Assert.That(fixTask.CommitBuildTaskId, Is.EqualTo(buildTaskId));
            Assert.That(fixTask.Target, Is.EqualTo(Target));
            Assert.That(fixTask.WorkspaceKept, Is.True);

            Assert.That(deploy?.CurrentState, Is.EqualTo("Failed"));
            Assert.That(deploy?.Attempt.FixTasks, Is.EqualTo(new[] { RequestedFixTask.Of(fixTask) }));
            Assert.That(announcements.Select(a => a.Kind), Does.Not.Contain(AnnouncementKind.Succeeded));
            Assert.That(pull.Merges, Is.EqualTo(1));
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(versionBefore), "nothing landed on the target");
        });
    }
}
