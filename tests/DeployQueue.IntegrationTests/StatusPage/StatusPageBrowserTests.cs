using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeployQueue.IntegrationTests.StatusPage;

/// <summary>
/// The status page as a person sees it in a real browser, after real deploys on RabbitMQ and PostgreSQL: a lane's queue
/// in order with why each waits, a lock set from the page holding it and unlocking releasing it (also on a lane no deploy
/// used yet), the token asked for, a title with markup shown as text, a failed deploy's fix task; and the API's answers
/// with and without the token.
/// </summary>
[TestFixture]
public class StatusPageBrowserTests
{
    const string Target = "staging";
    const string ApiToken = "status-page-test-token";
    const string GitHubToken = "ghp_statuspagegithubtoken0000000000000";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    static readonly LocatorAssertionsToHaveTextOptions Seen = new() { Timeout = (float)Bound.TotalMilliseconds };

    EndToEndSystem _world = null!;
    RunningService _service = null!;
    Browser _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await EndToEndSystem.Create(repositories: 4, settings: new Dictionary<string, string?>
        {
            ["DeployQueue:Api:Token"] = ApiToken,
            ["DeployQueue:GitHub:Token"] = GitHubToken,
            // The unapproved PR waits at the gate while the test goes on: no merge timeout fails it meanwhile.
            [$"DeployQueue:Targets:{Target}:Timeouts:Merge"] = "00:10:00",
        });
        _service = await _world.StartService();
        _browser = await Browser.Launch();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _browser.DisposeAsync();
        await _world.DisposeAsync();
    }

    Uri BaseUrl => _service.Http.BaseAddress!;

    async Task<HttpResponseMessage> RequestDeploy(string repository, int prNumber, string? token, string priority = "normal", string? title = null)
    {
        var body = SeedTask.Node(repository, prNumber, Target);
        body["priority"] = priority;
        if (title is not null)
            body["title"] = title;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deploys") { Content = JsonContent(body) };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _service.Http.SendAsync(request);
    }

    /// <summary>The lane's queue as shown now; nothing while the page is reloading itself.</summary>
    static async Task<IReadOnlyList<string>> QueueShown(IPage page, string repository)
    {
        try
        {
            return await Lane(page, repository).Locator("ol.queue li").AllInnerTextsAsync();
        }
        catch (PlaywrightException)
        {
            return [];
        }
    }

    static ILocator Lane(IPage page, string repository) => page.Locator("section.lane", new PageLocatorOptions { HasText = repository });

    [Test]
    public async Task A_lock_set_from_the_page_holds_the_queue_in_order_until_unlocked_and_titles_show_as_text()
    {
        var repository = _world.Repositories[0];
        var gitHub = _world.GitHub.Repository(repository);
        gitHub.OnMerge(_world.PipelineLandingOn(Target));
        var first = _world.ReadyPullRequest(repository, 1);
        // Green but not approved: the gate keeps it out of the lane.
        gitHub.PullRequest(5).Check("build", "completed", "success");
        var queued = new[] { 2, 3, 4 }.ToDictionary(pr => pr, pr => _world.ReadyPullRequest(repository, pr));

        Assert.That((await RequestDeploy(repository, 1, ApiToken)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await RequestDeploy(repository, 5, ApiToken)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var operatorPage = await _browser.NewVisitor(BaseUrl);
        await operatorPage.GotoAsync("/");
        var lane = Lane(operatorPage, repository);
        await Expect(lane.Locator(".holder")).ToHaveTextAsync("Free", Seen);
        await Expect(lane.Locator("ol.queue li")).ToHaveTextAsync([$"{repository}#5 — waits for approval"], Seen);
        Assert.That(first.Merges, Is.EqualTo(1));

        // The lane's page asks for the token to lock.
        await lane.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Lock…" }).ClickAsync();
        var form = Lane(operatorPage, repository);
        await form.GetByLabel("reason").FillAsync("release freeze");
        await form.GetByLabel("author").FillAsync("alice");
        await form.GetByLabel("API token").FillAsync(ApiToken);
        await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Lock" }).ClickAsync();
        await Expect(Lane(operatorPage, repository).Locator(".lock")).ToContainTextAsync("Locked by alice", new() { Timeout = Seen.Timeout });
        await Expect(Lane(operatorPage, repository).Locator(".lock")).ToContainTextAsync("release freeze");

        Assert.That((await RequestDeploy(repository, 2, ApiToken, priority: "low")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await RequestDeploy(repository, 3, ApiToken, priority: "critical", title: "<script>window.injected = 1</script> hotfix"))
            .StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await RequestDeploy(repository, 4, ApiToken)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        // #5 goes back and forth between the gate (approval) and the lane (locked) as it re-checks its gate: left out here.
        string[] inOrder = [$"{repository}#3 — waits for lane locked", $"{repository}#4 — waits for lane locked",
            $"{repository}#2 — waits for lane locked"];
        await Eventually.Until(async () => (await QueueShown(operatorPage, repository))
                .Where(text => !text.StartsWith($"{repository}#5 ", StringComparison.Ordinal)).ToList(),
            shown => shown.SequenceEqual(inOrder), Bound, "the locked lane's queue in order");
        await Expect(operatorPage.Locator("table.deploys td.title", new PageLocatorOptions { HasText = "hotfix" }))
            .ToHaveTextAsync("<script>window.injected = 1</script> hotfix", Seen);
        Assert.Multiple(async () =>
        {
            Assert.That(await operatorPage.EvaluateAsync<bool>("() => window.injected === undefined"), Is.True, "the title's script did not run");
            Assert.That(queued.Values.Select(pr => pr.Merges), Is.All.EqualTo(0), "nothing merged while the lane is locked");
        });

        // Without the token, nobody unlocks it.
        var stranger = await _browser.NewVisitor(BaseUrl);
        await stranger.GotoAsync($"/lanes/{repository}/{Target}");
        await Lane(stranger, repository).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Unlock" }).ClickAsync();
        await Expect(stranger.Locator("body")).ToContainTextAsync("The API token is missing or wrong: nothing was changed.");
        await stranger.GotoAsync("/");
        await Expect(Lane(stranger, repository).Locator(".lock")).ToContainTextAsync("Locked by alice");

        // The operator's browser kept the token it was given: unlocking releases the queue, in its order. The lane's page opens in
        // a tab of its own, as a click with the middle button would: the overview's tab reloads itself every few seconds, and
        // a reload it had started could replace the lane's page there (seen once on a loaded machine).
        var lanePage = await operatorPage.Context.NewPageAsync();
        await lanePage.GotoAsync($"/lanes/{repository}/{Target}");
        await Lane(lanePage, repository).GetByLabel("author").FillAsync("bob");
        await Lane(lanePage, repository).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Unlock" }).ClickAsync();
        await operatorPage.GotoAsync("/");
        foreach (var pr in new[] { 2, 3, 4 })
            await Expect(operatorPage.Locator("table.deploys tr", new PageLocatorOptions { HasText = $"{repository}#{pr}" }).Locator("td").Nth(3))
                .ToHaveTextAsync("Succeeded", Seen);
        await Expect(Lane(operatorPage, repository).Locator(".lock")).ToHaveCountAsync(0);
        Assert.That(queued.OrderBy(p => p.Value.MergedAt).Select(p => p.Key), Is.EqualTo(new[] { 3, 4, 2 }), "merged in the queue's order");
        // The page as README shows it (docs/status-page.png is copied from here).
        await operatorPage.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "status-page.png"), FullPage = true,
        });
    }

    [Test]
    public async Task Changes_over_the_api_need_the_token_and_no_answer_shows_the_GitHub_token()
    {
        var repository = _world.Repositories[1];
        var lockPath = $"/api/lanes/{repository}/{Target}/lock";

        Assert.Multiple(async () =>
        {
            Assert.That((await RequestDeploy(repository, 7, token: null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await RequestDeploy(repository, 7, token: "wrong")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            using var lockWithout = await _service.Http.PostAsync(lockPath, JsonContent(new JsonObject { ["reason"] = "x" }));
            Assert.That(lockWithout.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });

        var unknownTarget = SeedTask.Node(repository, 8, "nowhere");
        using var refused = await Send(HttpMethod.Post, "/api/deploys", unknownTarget);
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("target 'nowhere' is unknown"));
        });

        using var locked = await Send(HttpMethod.Post, lockPath, new JsonObject { ["reason"] = "incident", ["author"] = "carol" });
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var lanes = await Eventually.Until(() => _service.Http.GetStringAsync($"/api/lanes?repo={repository}"), json => json.Contains("incident"),
            Bound, "the API never showed the lock");

        foreach (var path in new[] { "/", "/api/deploys", "/api/lanes", "/api/dora" })
            Assert.That(await _service.Http.GetStringAsync(path), Does.Not.Contain(GitHubToken), path);
        Assert.That(lanes, Does.Contain("carol"));
    }

    [Test]
    public async Task A_failed_deploys_page_names_its_fix_task_by_kind_title_and_service()
    {
        var repository = _world.Repositories[2];
        const int prNumber = 21;
        _world.ReadyPullRequest(repository, prNumber);
        _world.GitHub.Repository(repository).OnMerge(PipelineScript.FailingIn("deploy", string.Join('\n',
            "Waiting for deployment \"orders-api\" rollout to finish: 0 of 2 updated replicas are available...",
            "orders-api-7d9f8c6b5d-x2x7q   0/1   ImagePullBackOff   0   2m",
            "error: deployment \"orders-api\" exceeded its progress deadline")));

        Assert.That((await RequestDeploy(repository, prNumber, ApiToken)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var fixTask = (await _world.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution, f => f.Repository == repository,
            found => found.Count > 0, Bound)).Single();
        var page = await _browser.NewVisitor(BaseUrl);
        await page.GotoAsync("/");
        await page.Locator("table.deploys tr", new PageLocatorOptions { HasText = $"{repository}#{prNumber}" })
            .GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = $"{repository}#{prNumber}", Exact = true }).ClickAsync();

        await Expect(page.Locator("ul.fix-tasks li")).ToHaveTextAsync(
            [$"DeploymentError: FIX: Deployment error in orders-api — service orders-api {fixTask.FixTaskId}"], Seen);
        Assert.Multiple(async () =>
        {
            Assert.That((fixTask.Kind, fixTask.Title, fixTask.Component),
                Is.EqualTo((FixTaskKind.DeploymentError, "FIX: Deployment error in orders-api", "orders-api")), "the fix task the page names");
            Assert.That(await page.Locator(".state-Failed").First.InnerTextAsync(), Is.EqualTo("Failed"));
        });
    }

    [Test]
    public async Task A_lane_no_deploy_used_yet_is_locked_from_the_page_and_holds_its_first_deploy_until_unlocked()
    {
        var repository = _world.Repositories[3];
        const int prNumber = 31;
        _world.GitHub.Repository(repository).OnMerge(_world.PipelineLandingOn(Target));
        var pull = _world.ReadyPullRequest(repository, prNumber);
        var page = await _browser.NewVisitor(BaseUrl);
        await page.GotoAsync($"/lanes/{repository}/{Target}");
        await Expect(Lane(page, repository).Locator(".holder")).ToHaveTextAsync("Free");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Lock a lane…" }).ClickAsync();
        await page.GetByLabel("repository").SelectOptionAsync(repository);
        await page.GetByLabel("target").SelectOptionAsync(Target);
        await page.GetByLabel("reason").FillAsync("incident before its first deploy");
        await page.GetByLabel("author").FillAsync("dave");
        await page.GetByLabel("API token").FillAsync(ApiToken);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Lock" }).ClickAsync();
        await Expect(Lane(page, repository).Locator(".lock")).ToContainTextAsync("Locked by dave", new() { Timeout = Seen.Timeout });

        Assert.That((await RequestDeploy(repository, prNumber, ApiToken)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Expect(Lane(page, repository).Locator("ol.queue li")).ToHaveTextAsync([$"{repository}#{prNumber} — waits for lane locked"], Seen);
        Assert.That(pull.Merges, Is.EqualTo(0), "not merged while the lane is locked");

        using var unlocked = await Send(HttpMethod.Post, $"/api/lanes/{repository}/{Target}/unlock", new JsonObject { ["author"] = "dave" });
        Assert.That(unlocked.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.Until(() => Task.FromResult(pull.Merges), merges => merges == 1, Bound, "the deploy merged once the lane was unlocked");
    }

    static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    async Task<HttpResponseMessage> Send(HttpMethod method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return await _service.Http.SendAsync(request);
    }
}
