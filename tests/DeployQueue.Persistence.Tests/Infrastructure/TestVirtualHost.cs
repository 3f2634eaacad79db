using System.Net.Http.Headers;
using System.Text;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own (through the management API on 127.0.0.1:15672), deleted at the end with
/// every queue and exchange in it, so these tests share no queue (such as "scheduler") with anything else.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    readonly HttpClient _management;

    TestVirtualHost(HttpClient management, string name)
    {
        _management = management;
        Name = name;
    }

    public string Name { get; }

    public static async Task<TestVirtualHost> Create()
    {
        var management = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/api/") };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var vhost = new TestVirtualHost(management, $"deployqueue-test-{Guid.NewGuid():N}");

        (await management.PutAsync($"vhosts/{vhost.Name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsync($"permissions/{vhost.Name}/guest",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        return vhost;
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"vhosts/{Name}");
        _management.Dispose();
    }
}
