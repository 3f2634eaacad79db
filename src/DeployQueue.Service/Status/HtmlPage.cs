using System.Text;
using System.Text.Encodings.Web;

namespace DeployQueue.Service.Status;

/// <summary>
/// A server-rendered HTML page: the markup is written as is, every value through <see cref="Text"/> (HTML-encoded), so
/// a PR title with markup in it shows as text. It refreshes itself every few seconds; it fits a phone's width.
/// </summary>
public sealed class HtmlPage
{
    public const int RefreshSeconds = 5;

    const string Style = """
        body{font-family:system-ui,sans-serif;margin:1rem;color:#222}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
        .scroll{overflow-x:auto}.lane{border:1px solid #ccc;border-radius:6px;padding:.6rem;margin:.6rem 0}
        .locked{border-color:#c60;background:#fff6ee}.state-Failed{color:#b00}.state-Succeeded{color:#070}
        form{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0}input{padding:.3rem;max-width:100%}.muted{color:#666}
        """;

    readonly StringBuilder _html = new();

    public HtmlPage(string title, bool refresh)
    {
        _html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refresh)
            _html.Append($"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">");
        _html.Append("<title>").Append(Text(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");
    }

    public static string Text(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? "");

    /// <summary>A link to an http(s) address only, so that no value becomes a script URL.</summary>
    public static string Link(string text, string url) =>
        Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri) && (!uri.IsAbsoluteUri || uri.Scheme is "http" or "https")
            ? $"<a href=\"{Text(url)}\">{Text(text)}</a>"
            : Text(text);

    /// <summary>Markup to write as is: pass values through <see cref="Text"/> or <see cref="Link"/>.</summary>
    public HtmlPage Markup(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public IResult Result(int statusCode = StatusCodes.Status200OK) =>
        Results.Content(_html + "</body></html>", "text/html; charset=utf-8", Encoding.UTF8, statusCode);
}
