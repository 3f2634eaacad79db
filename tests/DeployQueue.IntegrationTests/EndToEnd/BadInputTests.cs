using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// Bad requests on the real broker, as a person who sent them finds them: in `deploy_error` with the reason in
/// the message's headers, announced as rejected; and the queue goes on deploying the next good request.
/// </summary>
[TestFixture]
public class BadInputTests : OneServiceFixture
{
    const string Target = "staging";
    const string FaultMessageHeader = "MT-Fault-Message";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    string _repository = "";

    [OneTimeSetUp]
    public void ScriptThePipeline()
    {
        _repository = World.Repositories[0];
        World.GitHub.Repository(_repository).OnMerge(World.PipelineLandingOn(Target));
    }

    [Test]
    public async Task A_request_for_PR_0_ends_in_deploy_error_with_its_reason_and_is_announced_as_rejected()
    {
        var buildTaskId = $"build-{Guid.NewGuid():N}";

        await World.SendToDeployQueue(SeedTask.Json(_repository, 0, Target, buildTaskId));

        var rejected = await World.Inbox.WaitForRejected(m => m.Payload.Contains(buildTaskId), Bound);
        var announced = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Kind == AnnouncementKind.Rejected && a.Repository == _repository && a.PrNumber == 0, found => found.Count > 0, Bound);

        Assert.That(rejected, Has.Count.EqualTo(1), "the request in deploy_error");
        Assert.Multiple(() =>
        {
            Assert.That(rejected[0].Header(FaultMessageHeader), Does.Contain("pr_number must be a positive number (got 0)"));
            Assert.That(announced, Has.Count.EqualTo(1));
            Assert.That(announced.FirstOrDefault()?.Message, Does.Contain("pr_number must be a positive number (got 0)"));
        });
    }

    [Test]
    public async Task A_body_that_is_not_JSON_ends_in_deploy_error_and_is_announced_as_rejected_with_the_intake_reason()
    {
        var rejected = await SendNotJson();
        // The announcement of an unreadable body can name no repository or PR: any with the intake's reason will do.
        var announced = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Kind == AnnouncementKind.Rejected && a.Message.Contains("the body is not valid JSON"), found => found.Count > 0, Bound);

        Assert.That(rejected, Has.Count.EqualTo(1), "the request in deploy_error, once");
        Assert.Multiple(() =>
        {
            Assert.That(rejected[0].Header(FaultMessageHeader), Does.Contain("is an invalid start of a value"), "MassTransit's parser's words");
            Assert.That(rejected[0].Header("MT-Fault-InputAddress"), Does.EndWith("/deploy"));
            Assert.That(announced, Is.Not.Empty, "a Rejected announcement");
        });
    }

    [Test]
    public async Task A_valid_request_sent_right_after_bad_ones_still_deploys()
    {
        const int prNumber = 303;
        var pull = World.ReadyPullRequest(_repository, prNumber);

        await World.SendToDeployQueue(SeedTask.Json(_repository, -1, Target));
        await World.SendToDeployQueue("{ \"title\": \"Deploy\", \"context\": ");
        await World.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));

        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == _repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded));
            Assert.That(pull.Merges, Is.EqualTo(1));
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(pull.MergeCommitSha));
        });
    }

    /// <summary>Sends a body that is no JSON at all, declared as JSON, and returns it as it reached deploy_error.</summary>
    async Task<IReadOnlyList<RabbitMqManagement.DeliveredMessage>> SendNotJson()
    {
        var body = $"deploy PR 7 to staging please ({Guid.NewGuid():N})";
        await World.SendToDeployQueue(body);
        return await World.Inbox.WaitForRejected(m => m.Payload == body, Bound);
    }
}
