using System.Text;
using System.Text.Json.Nodes;
using DeployQueue.Contracts;
using DeployQueue.Domain.Intake;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.Intake;

/// <summary>
/// What publishers really send that cannot be taken, as raw bytes on the real RabbitMQ (the management API's publish,
/// as a person or any AMQP client sends): each kind ends once in `deploy_error` with its reason in `MT-Fault-Message`,
/// is announced once as rejected, leaves no deploy and merges nothing (its PR is ready to merge in the GitHub
/// simulator), and a good request published right after it still deploys.
/// </summary>
[TestFixture]
public class BadInputCorpusTests : OneServiceFixture
{
    const string Target = "staging";
    const string FaultMessageHeader = "MT-Fault-Message";
    const string Envelope = "application/vnd.masstransit+json";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    static int _nextPr = 1000;

    string _repository = "";

    /// <summary>A bad body: its bytes, content type (null: none), the reason the rejection must give, and the PR it names.</summary>
    public sealed record BadBody(string Kind, Func<string, int, byte[]> Body, string? ContentType, string Reason)
    {
        public override string ToString() => Kind;
    }

    static BadBody Seed(string kind, Action<JsonObject, JsonObject> spoil, string reason, string? contentType = "application/json") =>
        new(kind, (repository, pr) =>
        {
            var task = SeedTask.Node(repository, pr, Target);
            spoil(task, task["context"]!.AsObject());
            return Encoding.UTF8.GetBytes(task.ToJsonString());
        }, contentType, reason);

    static BadBody Raw(string kind, Func<string, int, byte[]> body, string reason, string? contentType = "application/json") =>
        new(kind, body, contentType, reason);

    static byte[] SeedBytes(string repository, int pr) => Encoding.UTF8.GetBytes(SeedTask.Json(repository, pr, Target));

    static IEnumerable<BadBody> Corpus()
    {
        yield return Raw("empty body", (_, _) => [], "the body is empty");
        yield return Raw("a JSON array", (r, pr) => Encoding.UTF8.GetBytes($"[{SeedTask.Json(r, pr, Target)}]"), "the body is a JSON array, not an object");
        yield return Raw("a JSON string", (_, _) => "\"deploy it\""u8.ToArray(), "the body is a JSON string, not an object");
        yield return Raw("a JSON number", (_, _) => "42"u8.ToArray(), "the body is a JSON number, not an object");
        yield return Raw("invalid JSON", (_, _) => "{ \"title\": \"Deploy\", \"context\": "u8.ToArray(), "the body is not valid JSON");
        yield return Raw("invalid UTF-8", (r, pr) => SeedBytes(r, pr).Select(b => b == (byte)'#' ? (byte)0xC3 : b).ToArray(), "the body is not valid UTF-8");
        yield return Raw("UTF-16 with a byte-order mark",
            (r, pr) => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(SeedTask.Json(r, pr, Target))).ToArray(),
            "the body is UTF-16 or UTF-32");
        yield return Raw("UTF-16 without a byte-order mark", (r, pr) => Encoding.BigEndianUnicode.GetBytes(SeedTask.Json(r, pr, Target)),
            "the body is UTF-16 or UTF-32");
        yield return Raw("UTF-8 with a byte-order mark", (r, pr) => Encoding.UTF8.GetPreamble().Concat(SeedBytes(r, pr)).ToArray(),
            "starts with a byte-order mark");
        yield return Seed("a body over 64 KiB", (task, _) => task["description"] = new string('x', 70_000), "more than the 65536 accepted");
        yield return Raw("nesting 10,000 deep",
            (_, _) => Encoding.UTF8.GetBytes("{\"title\":\"Deploy\",\"context\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
            "maximum configured depth of 64");
        yield return Raw("duplicate keys with conflicting values", (r, pr) => Encoding.UTF8.GetBytes(
            SeedTask.Json(r, pr, Target).Replace("\"pr_number\":", $"\"pr_number\":{pr + 1},\"pr_number\":")), "pr_number is given more than once");
        yield return Seed("missing context", (task, _) => task.Remove("context"),
            "pr_number is missing; branch is missing; target is missing; pr_url is missing");
        yield return Seed("context as a string", (task, _) => task["context"] = "pr 12 to staging", "context must be a JSON object (got a JSON string)");
        yield return Seed("target null", (_, context) => context["target"] = null, "target is missing");
        yield return Seed("unknown target", (_, context) => context["target"] = "moon", "target 'moon' is unknown");
        yield return Seed("a repository not allowed", (_, context) => context["repository"] = "evil/shop", "repository 'evil/shop' is not in the allow-list");
        yield return Seed("a malformed repository", (_, context) => context["repository"] = "not a repo", "is not of the form owner/name");
        yield return Seed("a pr_url of another host",
            (_, context) => context["pr_url"] = context["pr_url"]!.GetValue<string>().Replace("github.com", "gitlab.com"),
            "is not on github.com");
        yield return Seed("a pr_url that is no URL", (_, context) => context["pr_url"] = "see the PR", "is not an absolute http(s) URL");
        yield return Seed("a pr_url whose number differs from pr_number", (_, context) => context["pr_url"] = context["pr_url"]!.GetValue<string>() + "0",
            "not pr_number");
        yield return Seed("PR 0", (_, context) => context["pr_number"] = 0, "pr_number must be a positive number (got 0)");
        yield return Seed("a negative PR", (_, context) => context["pr_number"] = -7, "pr_number must be a positive number (got -7)");
        yield return Seed("a PR beyond 32 bits", (_, context) => context["pr_number"] = 4_294_967_296L, "pr_number 4294967296 is out of range");
        yield return Seed("a PR number as an object", (_, context) => context["pr_number"] = new JsonObject { ["n"] = 1 }, "pr_number must be a whole number");
        yield return Seed("priority an unknown number", (task, _) => task["priority"] = 7, "priority 7 is not one of Low, Normal, High, Critical or 0–3");
        yield return Seed("priority an unknown name", (task, _) => task["priority"] = "urgent", "priority \"urgent\" is not one of");
        yield return Seed("priority a boolean", (task, _) => task["priority"] = true, "priority true is not one of");
        yield return Seed("merge_strategy \"4\"", (_, context) => context["merge_strategy"] = "4", "merge_strategy \"4\" is not one of merge, squash, rebase");
        yield return Seed("a NUL in the title", (task, _) => task["title"] = "Deploy\0PR", "title contains the control character U+0000");
        yield return Seed("an escape character in the branch", (_, context) => context["branch"] = "feature/\u001b[31mred",
            "branch contains the control character U+001B");
        yield return Raw("an unpaired surrogate in the title",
            (r, pr) => Encoding.UTF8.GetBytes(SeedTask.Json(r, pr, Target).Replace("Deploy PR", "Deploy \\ud800 PR")),
            "title contains an unpaired UTF-16 surrogate");
        yield return Seed("a title that is a number", (task, _) => task["title"] = 42, "title must be text (got a JSON number)");
        yield return Seed("an object as description", (task, _) => task["description"] = new JsonObject(), "description must be text (got a JSON object)");
        yield return Seed("content type text/plain", (_, _) => { }, "content type 'text/plain' is not accepted", contentType: "text/plain");
        yield return Raw("an envelope of another contract", (r, pr) => Encoding.UTF8.GetBytes(new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray("urn:message:DeployQueue.Contracts:Announcement"),
            ["message"] = SeedTask.Node(r, pr, Target),
        }.ToJsonString()), "the envelope's messageType is [urn:message:DeployQueue.Contracts:Announcement]", contentType: Envelope);
        yield return Seed("plain JSON declared as an envelope", (_, _) => { }, "the envelope's messageType is []", contentType: Envelope);
    }

    [OneTimeSetUp]
    public void ScriptThePipeline()
    {
        _repository = World.Repositories[0];
        World.GitHub.Repository(_repository).OnMerge(World.PipelineLandingOn(Target));
    }

    [Test]
    public void The_corpus_has_at_least_thirty_distinct_kinds() =>
        Assert.That(Corpus().Select(c => c.Kind).Distinct().Count(), Is.GreaterThanOrEqualTo(30));

    [TestCaseSource(nameof(Corpus))]
    public async Task A_bad_request_is_refused_once_with_its_reason_and_the_next_good_one_deploys(BadBody bad)
    {
        var badPr = Interlocked.Increment(ref _nextPr);
        var goodPr = Interlocked.Increment(ref _nextPr);
        var readyButBad = World.ReadyPullRequest(_repository, badPr);
        var good = World.ReadyPullRequest(_repository, goodPr);
        var messageId = Guid.NewGuid();

        Assert.That(
            await World.Broker.PublishToQueue(DeployRequestedConsumerDefinition.QueueName, bad.Body(_repository, badPr), bad.ContentType,
                messageId.ToString()),
            Is.True, "the broker routed the request to no queue");
        await World.SendToDeployQueue(SeedTask.Json(_repository, goodPr, Target));

        var rejected = await World.Inbox.WaitForRejected(m => m.Properties.MessageId == messageId.ToString(), Bound);
        await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == _repository && a.PrNumber == goodPr, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);
        var announced = World.Inbox.Received<Announcement>(DownstreamQueues.Announce)
            .Where(a => a.Kind == AnnouncementKind.Rejected && a.Message.Contains($"(message {messageId})")).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(rejected, Has.Count.EqualTo(1), "in deploy_error, once");
            Assert.That(rejected.FirstOrDefault()?.Header(FaultMessageHeader), Does.Contain(bad.Reason), "the reason in MT-Fault-Message");
            Assert.That(rejected.FirstOrDefault()?.Header("MT-Fault-InputAddress"), Does.EndWith("/deploy"), "refused by the intake itself");
            Assert.That(announced, Has.Count.EqualTo(1), "one Rejected announcement naming the message");
            Assert.That(announced.FirstOrDefault()?.Message, Does.Contain(bad.Reason));
            Assert.That(await World.Deploy(_repository, badPr), Is.Null, "no deploy for the bad request");
            Assert.That(readyButBad.Merges, Is.Zero, "its PR, ready as it is, was not merged");
            Assert.That(good.Merges, Is.EqualTo(1), "the good request right after it was merged once");
            Assert.That(World.Inbox.RejectionsOf(_repository, goodPr), Is.Empty, "the good request was not refused");
        });
    }
}
