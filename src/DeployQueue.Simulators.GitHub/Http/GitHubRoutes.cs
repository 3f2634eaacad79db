using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub.Http;

/// <summary>The REST endpoints the adapter uses, under /api/v3/ (Octokit's base path for a non-github.com host).</summary>
internal static class GitHubRoutes
{
    public const string ApiBasePath = "/api/v3";

    public static void Map(WebApplication app, GitHubSimulator simulator, Responder responder)
    {
        void Route(string method, string pattern, Func<HttpContext, SimulatedRepository, JsonObject?, Reply> handler) =>
            app.MapMethods(ApiBasePath + pattern, [method], (HttpContext context) =>
                responder.Answer(context, $"{method} {pattern}", (ctx, body) =>
                    simulator.Find($"{ctx.Request.RouteValues["owner"]}/{ctx.Request.RouteValues["repo"]}") is { } repository
                        ? handler(ctx, repository, body)
                        : Reply.NotFound()));

        Uri Api() => simulator.ApiUrl;
        Uri Html() => simulator.BaseUrl;

        Route("GET", "/repos/{owner}/{repo}/pulls/{number}", (ctx, repo, _) =>
            repo.FindPull(Int(ctx, "number")) is { } pull ? Reply.Ok(pull.ToJson(Api(), Html())) : Reply.NotFound());

        Route("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews", (ctx, repo, _) =>
            repo.FindPull(Int(ctx, "number")) is { } pull ? PagedList(ctx, pull.ReviewsJson(Html())) : Reply.NotFound());

        Route("GET", "/repos/{owner}/{repo}/branches/{**branch}", (ctx, repo, _) => Reply.Ok(repo.BranchJson(Str(ctx, "branch"), Api())));

        Route("GET", "/repos/{owner}/{repo}/rules/branches/{**branch}", (ctx, repo, _) => PagedList(ctx, repo.BranchRulesJson(Str(ctx, "branch"))));

        Route("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", (ctx, repo, _) => Reply.Ok(repo.PermissionJson(Str(ctx, "username"))));

        Route("PUT", "/repos/{owner}/{repo}/pulls/{number}/merge", (ctx, repo, body) =>
        {
            if (repo.FindPull(Int(ctx, "number")) is not { } pull) return Reply.NotFound();
            var (status, answer) = pull.Merge((string?)body?["sha"], (string?)body?["merge_method"]);
            return new Reply(status, answer);
        });

        // basehead is BASE...HEAD; a SHA the repository does not know is GitHub's 404.
        Route("GET", "/repos/{owner}/{repo}/compare/{basehead}", (ctx, repo, _) =>
            Str(ctx, "basehead").Split("...") is [var baseSha, var headSha] && repo.CompareJson(baseSha, headSha, Api(), Html()) is { } comparison
                ? Reply.Ok(comparison)
                : Reply.NotFound());

        Route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", (ctx, repo, _) =>
            PagedWrapper(ctx, "check_runs", repo.CheckRunsJson(Str(ctx, "ref"), Api(), Html())));

        Route("GET", "/repos/{owner}/{repo}/commits/{ref}/status", (ctx, repo, _) =>
            Reply.Ok(repo.CombinedStatusJson(Str(ctx, "ref"), Api(), Html())));

        Route("GET", "/repos/{owner}/{repo}/deployments", (ctx, repo, _) =>
            PagedList(ctx, repo.DeploymentsFor(Query(ctx, "sha"), Query(ctx, "environment"), Query(ctx, "ref")).Select(d => d.ToJson(Api()))));

        Route("POST", "/repos/{owner}/{repo}/deployments", (ctx, repo, body) =>
        {
            var gitRef = (string?)body?["ref"];
            if (string.IsNullOrEmpty(gitRef))
                return new Reply(422, new JsonObject { ["message"] = "Invalid request.\n\n\"ref\" wasn't supplied." });
            var environment = (string?)body?["environment"] ?? "production";
            // GitHub takes the payload as a JSON object or as a string holding one.
            var payload = body?["payload"] switch
            {
                JsonObject json => (JsonObject)json.DeepClone(),
                JsonValue text when text.TryGetValue<string>(out var value) && value.Length > 0 => JsonNode.Parse(value) as JsonObject,
                _ => null,
            };
            var deployment = repo.CreateDeployment(gitRef, gitRef, environment, (string?)body?["description"] ?? "", payload);
            return new Reply(201, deployment.ToJson(Api()));
        });

        Route("GET", "/repos/{owner}/{repo}/deployments/{id}/statuses", (ctx, repo, _) =>
            repo.FindDeployment(Long(ctx, "id")) is { } deployment ? PagedList(ctx, deployment.ReadStatuses(Api())) : Reply.NotFound());

        Route("GET", "/repos/{owner}/{repo}/actions/runs", (ctx, repo, _) => Runs(ctx, repo, null));

        Route("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow}/runs", (ctx, repo, _) => Runs(ctx, repo, Str(ctx, "workflow")));

        Route("GET", "/repos/{owner}/{repo}/actions/runs/{id}/jobs", (ctx, repo, _) =>
            repo.FindRun(Long(ctx, "id")) is { } run ? PagedWrapper(ctx, "jobs", run.JobsJson(Api(), Html())) : Reply.NotFound());

        Route("POST", "/repos/{owner}/{repo}/actions/runs/{id}/rerun", (ctx, repo, _) =>
            repo.FindRun(Long(ctx, "id")) is not { } run ? Reply.NotFound() :
            repo.Rerun(run) ? new Reply(201, new JsonObject()) :
            new Reply(403, new JsonObject { ["message"] = "This workflow is already running", ["documentation_url"] = "https://docs.github.com/rest" }));

        Route("GET", "/repos/{owner}/{repo}/actions/jobs/{id}/logs", (ctx, repo, _) =>
            repo.FindRunByJob(Long(ctx, "id")) is { } run ? new Reply(200, Text: run.JobLog(Long(ctx, "id"))) : Reply.NotFound());

        Reply Runs(HttpContext ctx, SimulatedRepository repo, string? workflow) =>
            PagedWrapper(ctx, "workflow_runs",
                repo.RunsFor(workflow, Query(ctx, "head_sha"), Query(ctx, "event"), Query(ctx, "branch")).Select(r => r.ReadRun(Api(), Html())));
    }

    static Reply PagedList(HttpContext context, IEnumerable<JsonNode> items)
    {
        var (page, link) = Paging.Page(context, items);
        return Reply.Ok(page, link);
    }

    static Reply PagedWrapper(HttpContext context, string property, IEnumerable<JsonNode> items)
    {
        var all = items.ToList();
        var (page, link) = Paging.Page(context, all);
        return Reply.Ok(new JsonObject { ["total_count"] = all.Count, [property] = page }, link);
    }

    static string Str(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;
    static int Int(HttpContext context, string name) => int.TryParse(Str(context, name), out var value) ? value : -1;
    static long Long(HttpContext context, string name) => long.TryParse(Str(context, name), out var value) ? value : -1;
    static string? Query(HttpContext context, string name) => context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
