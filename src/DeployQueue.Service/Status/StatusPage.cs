using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
using DeployQueue.Persistence.History;
using static DeployQueue.Service.Status.HtmlPage;

namespace DeployQueue.Service.Status;

/// <summary>
/// The status page at `/` (issue 19): every lane (its lock, the deploy holding it, the queue in order and why each waits,
/// a form to lock or unlock it that asks for the API token), the recent deploys with their links, the DORA figures per
/// target over 7 and 30 days; `/deploys/{id}` one deploy with its fix tasks and timeline; `/lanes` a form to lock any configured
/// lane, one no deploy used yet too. Server-rendered, refreshing itself; read
/// through the same query code as the API and `deployq status`.
/// </summary>
public static class StatusPage
{
    public const int RecentDeploys = 50;

    public static void MapStatusPage(this WebApplication app)
    {
        app.MapGet("/", async (HttpContext http, ApiAccess access, IDeployHistory history, RecentDoraFigures dora, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (!access.CanRead(http))
                return TokenForm();
            var now = clock.GetUtcNow();
            // Three reads of their own: made at once, the page waits for the slowest, not for the sum.
            var lanes = history.Lanes(cancellationToken: ct);
            var deploys = history.Deploys(limit: RecentDeploys, cancellationToken: ct);
            var figures = dora.Get(ct);
            await Task.WhenAll(lanes, deploys, figures);
            var page = new HtmlPage("Deploy Queue", refresh: true).Markup("<h1>Deploy Queue</h1>");
            WriteLanes(page, await lanes, now);
            WriteDeploys(page, (await deploys).Select(d => DeploySummary.Of(d, now)).ToList());
            WriteDora(page, await figures);
            return page.Result();
        });

        app.MapGet("/deploys/{id:guid}", async (Guid id, HttpContext http, ApiAccess access, IDeployHistory history, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (!access.CanRead(http))
                return TokenForm();
            if (await history.Deploy(id, ct) is not { } deploy)
                return new HtmlPage("Not found", refresh: false).Markup($"<h1>No deploy {Text(id)}</h1><p><a href=\"/\">All lanes</a></p>")
                    .Result(StatusCodes.Status404NotFound);
            var summary = DeploySummary.Of(deploy, clock.GetUtcNow(), await history.ForPullRequest(deploy.Repository, deploy.PrNumber, deploy.Target, ct));
            return DeployPage(summary);
        });

        app.MapGet("/lanes/{owner}/{name}/{target}", async (string owner, string name, string target, HttpContext http, ApiAccess access,
            IDeployHistory history, TargetCatalog targets, TimeProvider clock, CancellationToken ct) =>
        {
            if (!access.CanRead(http))
                return TokenForm();
            var repository = $"{owner}/{name}";
            // A lane no deploy has used yet is shown free, so that it can be locked before its first deploy.
            var lane = (await history.Lanes(repository, target, ct)).FirstOrDefault()
                       ?? (targets.IsAllowed(repository) && targets.IsKnown(target) ? new LaneView(repository, target, null, null, false, []) : null);
            if (lane is null)
                return Message("Not found", $"{repository} → {target} is no lane: the repository is not allowed or the target unknown.",
                    StatusCodes.Status404NotFound);
            var page = new HtmlPage($"{repository} → {target}", refresh: false).Markup("<p><a href=\"/\">All lanes</a></p>");
            WriteLane(page, lane, clock.GetUtcNow(), form: true);
            return page.Result();
        });

        app.MapGet("/lanes", (HttpContext http, ApiAccess access, TargetCatalog targets) => access.CanRead(http) ? LockAnyLanePage(targets) : TokenForm());

        app.MapPost("/lanes/lock", (HttpContext http, ApiAccess access, LaneLocks locks, CancellationToken ct) =>
            Change(http, access, form => locks.Lock(form["repository"].ToString(), form["target"].ToString(), form["reason"], form["author"], ct)));

        app.MapPost("/lanes/{owner}/{name}/{target}/lock", (string owner, string name, string target, HttpContext http, ApiAccess access,
                LaneLocks locks, CancellationToken ct) =>
            Change(http, access, form => locks.Lock($"{owner}/{name}", target, form["reason"], form["author"], ct)));

        app.MapPost("/lanes/{owner}/{name}/{target}/unlock", (string owner, string name, string target, HttpContext http, ApiAccess access,
                LaneLocks locks, CancellationToken ct) =>
            Change(http, access, form => locks.Unlock($"{owner}/{name}", target, form["author"], ct)));

        app.MapPost("/token", (HttpContext http, ApiAccess access) => Change(http, access, _ => Task.FromResult<string?>(null)));
    }

    /// <summary>
    /// A change from the page's form: the token typed into it (or kept in the page's cookie from an earlier change) must
    /// match; it is kept then in an HttpOnly, same-site cookie, so that the next change need not ask again.
    /// </summary>
    static async Task<IResult> Change(HttpContext http, ApiAccess access, Func<IFormCollection, Task<string?>> change)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var typed = form["token"].ToString();
        var authorized = typed.Length > 0 ? access.Matches(typed) : access.CanChange(http);
        if (!authorized)
            return Message("Not changed", "The API token is missing or wrong: nothing was changed.", StatusCodes.Status401Unauthorized);
        if (typed.Length > 0)
            http.Response.Cookies.Append(ApiAccess.Cookie, typed, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/",
            });
        return await change(form) is { } problem
            ? Message("Not changed", problem, StatusCodes.Status400BadRequest)
            : Results.Redirect("/");
    }

    static IResult Message(string title, string message, int statusCode) =>
        new HtmlPage(title, refresh: false).Markup($"<h1>{Text(title)}</h1><p>{Text(message)}</p><p><a href=\"/\">Back</a></p>").Result(statusCode);

    static IResult TokenForm() => new HtmlPage("Deploy Queue: token", refresh: false)
        .Markup("<h1>Deploy Queue</h1><p>Reading this page needs the API token.</p>")
        .Markup("<form method=\"post\" action=\"/token\"><input type=\"password\" name=\"token\" placeholder=\"API token\" aria-label=\"API token\">")
        .Markup("<button type=\"submit\">Show</button></form>")
        .Result(StatusCodes.Status401Unauthorized);

    static void WriteLanes(HtmlPage page, IReadOnlyList<LaneView> lanes, DateTimeOffset now)
    {
        page.Markup("<h2>Lanes</h2><p><a href=\"/lanes\">Lock a lane…</a> (any lane, also one no deploy has used yet)</p>");
        if (lanes.Count == 0)
            page.Markup("<p class=\"muted\">No lane has had a deploy yet.</p>");
        foreach (var lane in lanes)
            WriteLane(page, lane, now, form: false);
    }

    /// <summary>
    /// One lane; with its lock or unlock form on the lane's own page, which does not refresh itself (a refresh would
    /// wipe what is being typed), and a link to that page from the overview.
    /// </summary>
    static void WriteLane(HtmlPage page, LaneView lane, DateTimeOffset now, bool form)
    {
        var path = LanePath(lane.Repository, lane.Target);
        page.Markup($"<section class=\"lane{(lane.Lock is null ? "" : " locked")}\" data-lane=\"{Text(lane.Repository)} {Text(lane.Target)}\">")
            .Markup($"<h3>{Text(lane.Repository)} → {Text(lane.Target)}</h3>");
        if (lane.Lock is { } locked)
            page.Markup($"<p class=\"lock\"><strong>Locked</strong> by {Text(locked.Author)} since {Text(Time(locked.Since))}: {Text(locked.Reason)}</p>");
        if (lane.Holder is { } holder)
        {
            var since = holder.StateEnteredAt ?? holder.Attempt.StartedAt;
            page.Markup($"<p class=\"holder\">{DeployLink(DeploySummary.Of(holder, now))}: {Text(lane.HolderActivity)} for {Text(Duration(now - since))}</p>");
        }
        else if (lane.HeldForRollback)
            page.Markup("<p class=\"holder\">Held for a rollback</p>");
        else
            page.Markup("<p class=\"holder muted\">Free</p>");
        if (lane.Queue.Count > 0)
        {
            page.Markup("<ol class=\"queue\">");
            foreach (var waiting in lane.Queue)
                page.Markup($"<li>{DeployLink(DeploySummary.Of(waiting.Deploy, now))} — waits for <span class=\"reason\">" +
                            $"{Text(LaneView.Describe(waiting.Reason))}</span></li>");
            page.Markup("</ol>");
        }
        if (!form)
            page.Markup($"<p><a href=\"{Text(path)}\">{(lane.Lock is null ? "Lock…" : "Unlock…")}</a></p>");
        else if (lane.Lock is null)
            page.Markup($"<form method=\"post\" action=\"{Text(path)}/lock\"><input name=\"reason\" placeholder=\"why lock\" aria-label=\"reason\" required>"
                        + AuthorInput + TokenInput + "<button type=\"submit\">Lock</button></form>");
        else
            page.Markup($"<form method=\"post\" action=\"{Text(path)}/unlock\">" + AuthorInput + TokenInput + "<button type=\"submit\">Unlock</button></form>");
        page.Markup("</section>");
    }

    /// <summary>
    /// A form to lock any lane of the configuration, one no deploy has used yet too (an incident or a freeze before the first
    /// deploy): the repository and the target chosen from those configured. It does not refresh itself.
    /// </summary>
    static IResult LockAnyLanePage(TargetCatalog targets)
    {
        static string Options(IEnumerable<string> values) => string.Concat(values.Order(StringComparer.OrdinalIgnoreCase)
            .Select(v => $"<option value=\"{Text(v)}\">{Text(v)}</option>"));
        return new HtmlPage("Lock a lane", refresh: false)
            .Markup("<p><a href=\"/\">All lanes</a></p><h1>Lock a lane</h1><form method=\"post\" action=\"/lanes/lock\">")
            .Markup($"<select name=\"repository\" aria-label=\"repository\">{Options(targets.Options.Repositories)}</select>")
            .Markup($"<select name=\"target\" aria-label=\"target\">{Options(targets.Options.Targets.Keys)}</select>")
            .Markup("<input name=\"reason\" placeholder=\"why lock\" aria-label=\"reason\" required>" + AuthorInput + TokenInput)
            .Markup("<button type=\"submit\">Lock</button></form>")
            .Result();
    }

    static string LanePath(string repository, string target) =>
        $"/lanes/{string.Join('/', repository.Split('/').Select(Uri.EscapeDataString))}/{Uri.EscapeDataString(target)}";

    const string AuthorInput = "<input name=\"author\" placeholder=\"who\" aria-label=\"author\">";

    const string TokenInput = "<input type=\"password\" name=\"token\" placeholder=\"API token (once)\" aria-label=\"API token\">";

    static void WriteDeploys(HtmlPage page, IReadOnlyList<DeploySummary> deploys)
    {
        page.Markup("<h2>Recent deploys</h2><div class=\"scroll\"><table class=\"deploys\"><thead><tr><th>PR</th><th>title</th>" +
                    "<th>target</th><th>state</th><th>attempt</th><th>stage</th><th>took</th><th>links</th><th>fix tasks</th>" +
                    "<th>outcome / waiting for</th></tr></thead><tbody>");
        foreach (var d in deploys)
            page.Markup($"<tr><td>{DeployLink(d)}</td><td class=\"title\">{Text(d.Title)}</td><td>{Text(d.Target)}</td>" +
                        $"<td class=\"state-{Text(d.State)}\">{Text(d.State)}</td><td>{d.Attempt}</td><td>{Text(d.Stage)}</td>" +
                        $"<td>{Text(Duration(d.Duration))}</td><td>{Links(d)}</td><td>{d.FixTasks.Count}</td>" +
                        $"<td>{Text(d.WaitingFor ?? d.Outcome)}</td></tr>");
        page.Markup("</tbody></table></div>");
    }

    static void WriteDora(HtmlPage page, DoraSnapshot dora)
    {
        page.Markup($"<h2>DORA figures</h2><p class=\"muted as-of\">As of {Text(Time(dora.AsOf))} (read again at most every " +
                    $"{RecentDoraFigures.FreshFor.TotalSeconds:0} s)</p>")
            .Markup("<div class=\"scroll\"><table class=\"dora\"><thead><tr><th>target</th><th>days</th><th>deploys</th>" +
                    "<th>lead time (median)</th><th>change failure rate</th><th>time to restore (median)</th></tr></thead><tbody>");
        foreach (var f in dora.Figures)
            page.Markup($"<tr><td>{Text(f.Target)}</td><td>{f.Days}</td><td>{f.Deploys}</td><td>{Text(Duration(f.LeadTime))}</td>" +
                        $"<td>{Text(f.ChangeFailureRate is { } rate ? $"{rate:P0}" : "—")}</td><td>{Text(Duration(f.TimeToRestore))}</td></tr>");
        page.Markup("</tbody></table></div>");
    }

    static IResult DeployPage(DeploySummary d)
    {
        var page = new HtmlPage($"{d.Repository}#{d.PrNumber} → {d.Target}", refresh: true)
            .Markup($"<p><a href=\"/\">All lanes</a></p><h1>{Text(d.Repository)}#{d.PrNumber} → {Text(d.Target)}</h1>")
            .Markup($"<p class=\"title\">{Text(d.Title)}</p>")
            .Markup($"<p><span class=\"state-{Text(d.State)}\">{Text(d.State)}</span>, attempt {d.Attempt}, priority {Text(d.Priority)}" +
                    $"{(d.Stage is { } stage ? $", stage {Text(stage)}" : "")}, {Text(Duration(d.Duration))}</p>")
            .Markup($"<p>{Links(d)}</p>");
        if ((d.WaitingFor ?? d.Outcome) is { } why)
            page.Markup($"<p class=\"outcome\">{Text(why)}</p>");
        if (d.FixTasks.Count > 0)
            page.Markup($"<h2>Fix tasks</h2><ul class=\"fix-tasks\">{string.Concat(d.FixTasks.Select(FixTask))}</ul>");
        page.Markup("<h2>Timeline</h2><div class=\"scroll\"><table class=\"timeline\"><thead><tr><th>at</th><th>attempt</th><th>from</th><th>to</th>" +
                    "<th>because of</th></tr></thead><tbody>");
        foreach (var t in d.Timeline ?? [])
            page.Markup($"<tr><td>{Text(Time(t.At))}</td><td>{t.Attempt}</td><td>{Text(t.From)}</td><td>{Text(t.To)}</td><td>{Text(t.Cause)}</td></tr>");
        page.Markup("</tbody></table></div>");
        if (d.PastAttempts.Count > 0)
        {
            page.Markup("<h2>Earlier attempts</h2><ul>");
            foreach (var a in d.PastAttempts)
                page.Markup($"<li>attempt {a.Attempt}: {Text(a.FinalState)} — {Text(a.Outcome)}</li>");
            page.Markup("</ul>");
        }
        return page.Result();
    }

    static string FixTask(RequestedFixTask f) =>
        $"<li><span class=\"kind\">{Text(f.Kind)}</span>: <span class=\"fix-title\">{Text(f.Title)}</span>" +
        (f.Component is { } service ? $" — service <span class=\"service\">{Text(service)}</span>" : "") + $" <span class=\"muted\">{Text(f.Id)}</span></li>";

    static string DeployLink(DeploySummary d) => $"<a href=\"/deploys/{d.Id}\">{Text(d.Repository)}#{d.PrNumber}</a>";

    static string Links(DeploySummary d) => string.Join(" ", d.Links.Select(l => Link(l.Title, l.Url)));

    static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'");

    static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalHours: >= 1 } s => $"{(int)s.TotalHours} h {s.Minutes} min",
        { TotalMinutes: >= 1 } s => $"{(int)s.TotalMinutes} min {s.Seconds} s",
        { } s => $"{s.TotalSeconds:0.#} s",
    };
}
