namespace DeployQueue.Domain.Configuration;

/// <summary>Whether a configured or reported address is one the queue can send requests to: absolute, http or https.</summary>
public static class HttpUrl
{
    public static bool IsValid(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
