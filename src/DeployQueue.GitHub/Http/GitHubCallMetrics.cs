using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using DeployQueue.Domain.Telemetry;
using Octokit.Internal;

namespace DeployQueue.GitHub.Http;

/// <summary>
/// Every answer GitHub gives (each attempt, retries included) as <c>deployqueue.github.calls</c>, by method, endpoint
/// and outcome: the status code (<c>304</c>: revalidated by ETag, free of rate limit) or the exception that replaced
/// one. The endpoint is the path with its variable parts named, so that the series stay few:
/// <c>repos/{owner}/{repo}/pulls/{id}/merge</c>.
/// </summary>
public sealed class GitHubCallMetrics : IDisposable
{
    /// <summary>Segments followed by a name of the caller's choosing (a branch may hold slashes: the rest is its name).</summary>
    static readonly HashSet<string> NamedNext = new(StringComparer.Ordinal) { "collaborators", "commits", "compare", "workflows", "environments" };

    readonly Meter meter = new(DeployQueueMeter.Name);
    readonly Counter<long> calls;

    public GitHubCallMetrics()
    {
        calls = meter.CreateCounter<long>("deployqueue.github.calls", unit: "{call}",
            description: "GitHub API answers, by method, endpoint and outcome (status code, or the failure that replaced one)");
    }

    internal void Answered(IRequest request, string outcome) =>
        calls.Add(1, new("method", request.Method.Method), new("endpoint", Endpoint(request.Endpoint)), new("outcome", outcome));

    /// <summary>The endpoint's path without its query, owner, repository, numbers, SHAs and names.</summary>
    public static string Endpoint(Uri endpoint)
    {
        var path = endpoint.IsAbsoluteUri ? endpoint.AbsolutePath : endpoint.OriginalString.Split('?', 2)[0];
        // Octokit follows paging links as absolute URLs, under /api/v3/ on GitHub Enterprise: the same endpoints.
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile((s, i) => i < 2 && s is "api" or "v3").ToArray();
        var shape = new StringBuilder();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            string named;
            if (i > 0 && segments[i - 1] == "repos")
            {
                named = "{owner}";
                if (i + 1 < segments.Length)
                {
                    named += "/{repo}";
                    i++;
                }
            }
            else if (segment == "branches" && i + 1 < segments.Length)
            {
                shape.Append(shape.Length > 0 ? "/" : "").Append("branches/{branch}");
                break;
            }
            else if (i > 0 && NamedNext.Contains(segments[i - 1]) || IsVariable(segment))
                named = "{id}";
            else
                named = segment;
            shape.Append(shape.Length > 0 ? "/" : "").Append(named);
        }
        return shape.ToString();
    }

    /// <summary>Numbers, SHAs and anything that is not a plain lower-case word of GitHub's API.</summary>
    static bool IsVariable(string segment) =>
        long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _)
        || !segment.All(c => c is (>= 'a' and <= 'z') or '_' or '-')
        || (segment.Length >= 7 && segment.All(Uri.IsHexDigit));

    public void Dispose() => meter.Dispose();
}
