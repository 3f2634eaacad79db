using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace DeployQueue.Simulators.GitHub.Http;

/// <summary>GitHub's page / per_page query parameters and its Link header (first, prev, next, last).</summary>
internal static class Paging
{
    const int DefaultPerPage = 30;

    public static (JsonArray Items, string? Link) Page(HttpContext context, IEnumerable<JsonNode> all)
    {
        var items = all.ToList();
        var query = context.Request.Query;
        var perPage = Math.Clamp(int.TryParse(query["per_page"], out var p) ? p : DefaultPerPage, 1, 100);
        var page = Math.Max(1, int.TryParse(query["page"], out var n) ? n : 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var slice = new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray());

        var links = new List<string>();
        if (page < last) links.Add($"<{PageUrl(context, page + 1)}>; rel=\"next\"");
        if (page < last) links.Add($"<{PageUrl(context, last)}>; rel=\"last\"");
        if (page > 1) links.Add($"<{PageUrl(context, 1)}>; rel=\"first\"");
        if (page > 1) links.Add($"<{PageUrl(context, page - 1)}>; rel=\"prev\"");
        return (slice, links.Count == 0 ? null : string.Join(", ", links));
    }

    static string PageUrl(HttpContext context, int page)
    {
        var request = context.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["page"] = page.ToString();
        var builder = new QueryBuilder(query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{builder.ToQueryString()}";
    }
}
