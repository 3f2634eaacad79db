using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>The broker's management HTTP API: virtual hosts of the bench's own.</summary>
public sealed class RabbitMqManagement : IDisposable
{
    readonly HttpClient http;

    public RabbitMqManagement()
    {
        http = new HttpClient { BaseAddress = LocalServices.Management };
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{LocalServices.BrokerUser}:{LocalServices.BrokerPassword}"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
    }

    /// <summary>Creates the virtual host and gives the broker's user every right on it.</summary>
    public async Task CreateVirtualHost(string name)
    {
        var vhost = Uri.EscapeDataString(name);
        using (var created = await http.PutAsJsonAsync($"vhosts/{vhost}", new { description = "Deploy Queue bench run" }))
            created.EnsureSuccessStatusCode();
        using var permitted = await http.PutAsJsonAsync($"permissions/{vhost}/{LocalServices.BrokerUser}",
            new { configure = ".*", write = ".*", read = ".*" });
        permitted.EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHost(string name)
    {
        using var response = await http.DeleteAsync($"vhosts/{Uri.EscapeDataString(name)}");
        if (response.StatusCode != HttpStatusCode.NotFound)
            response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
