using System.Security.Cryptography;
using System.Text;
using DeployQueue.Service.Configuration;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Status;

/// <summary>
/// Who may read and change the queue over HTTP: a change needs <c>DeployQueue:Api:Token</c> (as a bearer token, or typed
/// into the status page's form, or the page's cookie), reading only when <c>RequireTokenToRead</c>. Compared in
/// constant time; no token configured, no change is possible.
/// </summary>
public sealed class ApiAccess(IOptions<ApiOptions> options)
{
    /// <summary>The status page keeps a token typed into it here (HttpOnly), so that its reads and forms carry it.</summary>
    public const string Cookie = "deployq_token";

    public bool CanRead(HttpContext context) => !options.Value.RequireTokenToRead || CanChange(context);

    public bool CanChange(HttpContext context) => Matches(Presented(context));

    public bool Matches(string? presented)
    {
        var token = options.Value.Token;
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(presented))
            return false;
        // Hashes of equal length, so that neither the length nor the first differing byte shows in the time taken.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    static string? Presented(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim();
        return context.Request.Cookies[Cookie];
    }
}
