using DeployQueue.Persistence.History;

namespace DeployQueue.Service.Status;

/// <summary>
/// The HTTP API under `/api`, JSON: deploys (filtered by repository, target, state; one with its timeline), lanes (holder,
/// queue in order, why each waits), DORA figures, `POST /api/deploys`, lock and unlock. Reads through the same query code as
/// `deployq status` and the page (<see cref="IDeployHistory"/>, <see cref="LaneView"/>); changes need the bearer token.
/// </summary>
public static class StatusApi
{
    /// <summary>The most deploys one answer of `GET /api/deploys` holds: more are read page by page, with <c>offset</c>.</summary>
    public const int MaxLimit = 500;

    public static void MapStatusApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<ApiAccess>();
            var changes = !HttpMethods.IsGet(context.HttpContext.Request.Method);
            return (changes ? access.CanChange(context.HttpContext) : access.CanRead(context.HttpContext))
                ? await next(context)
                : Results.Json(new { error = "a valid bearer token (DeployQueue:Api:Token) is required" }, statusCode: StatusCodes.Status401Unauthorized);
        });

        api.MapGet("/deploys", async (string? repo, string? target, string? state, int? limit, int? offset, IDeployHistory history,
                TimeProvider clock, CancellationToken ct) =>
            limit is < 1 or > MaxLimit || offset is < 0
                ? Results.BadRequest(new { errors = new[] { $"limit must be 1 to {MaxLimit} (default {IDeployHistory.DefaultLimit}), offset 0 or more" } })
                : Results.Ok((await history.Deploys(repo, target, state, limit ?? IDeployHistory.DefaultLimit, offset ?? 0, ct))
                    .Select(d => DeploySummary.Of(d, clock.GetUtcNow()))));

        api.MapGet("/deploys/{id:guid}", async (Guid id, IDeployHistory history, TimeProvider clock, CancellationToken ct) =>
            await history.Deploy(id, ct) is { } deploy
                ? Results.Ok(DeploySummary.Of(deploy, clock.GetUtcNow(), await history.ForPullRequest(deploy.Repository, deploy.PrNumber, deploy.Target, ct)))
                : Results.NotFound(new { error = $"no deploy {id}" }));

        api.MapPost("/deploys", (HttpRequest request, DeployIntake intake, CancellationToken ct) => intake.Request(request, ct));

        api.MapGet("/lanes", async (string? repo, string? target, IDeployHistory history, TimeProvider clock, CancellationToken ct) =>
            (await history.Lanes(repo, target, ct)).Select(l => LaneSummary.Of(l, clock.GetUtcNow())));

        api.MapGet("/dora", (IDeployHistory history, TimeProvider clock, CancellationToken ct) => history.Dora(clock.GetUtcNow(), ct));

        api.MapPost("/lanes/{owner}/{name}/{target}/lock", async (string owner, string name, string target, LockRequest body, LaneLocks locks,
                CancellationToken ct) =>
            Answer(await locks.Lock($"{owner}/{name}", target, body.Reason, body.Author, ct)));

        api.MapPost("/lanes/{owner}/{name}/{target}/unlock", async (string owner, string name, string target, UnlockRequest? body, LaneLocks locks,
                CancellationToken ct) =>
            Answer(await locks.Unlock($"{owner}/{name}", target, body?.Author, ct)));
    }

    public sealed record LockRequest(string? Reason, string? Author);

    public sealed record UnlockRequest(string? Author);

    static IResult Answer(string? problem) =>
        problem is null ? Results.Accepted() : Results.BadRequest(new { errors = new[] { problem } });

    public static IServiceCollection AddStatusApi(this IServiceCollection services) => services
        .AddSingleton<ApiAccess>()
        .AddSingleton<RecentDoraFigures>()
        .AddScoped<LaneLocks>()
        .AddScoped<DeployIntake>();
}
