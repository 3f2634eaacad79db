using System.Net;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Webhooks;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DeployQueue.Simulators.GitHub;

/// <summary>
/// A GitHub REST server on 127.0.0.1 (a free port), answering the endpoints the Deploy Queue uses under /api/v3/,
/// the path Octokit uses for a GitHub Enterprise-style base URL. Give <see cref="BaseUrl"/> to the GitHub options,
/// script repositories through <see cref="Repository"/>, inject faults through <see cref="Faults"/>, read the
/// calls made through <see cref="Requests"/>, and have changes delivered by webhook through <see cref="Webhooks"/>.
/// </summary>
public sealed class GitHubSimulator : IAsyncDisposable
{
    readonly object gate = new();
    readonly Dictionary<string, SimulatedRepository> repositories = new(StringComparer.OrdinalIgnoreCase);
    readonly WebApplication app;

    GitHubSimulator(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/ (Octokit appends api/v3/).</summary>
    public Uri BaseUrl { get; private set; }
    public Uri ApiUrl => new(BaseUrl, "api/v3/");
    public SimulatedFaults Faults { get; } = new();

    /// <summary>Where changes are delivered by webhook, once <see cref="SimulatedWebhooks.SendTo"/> is called.</summary>
    public SimulatedWebhooks Webhooks { get; } = new();
    public RequestCounter Requests { get; } = new();

    /// <param name="rateLimit">The calls a window allows, as GitHub's headers report them (5,000 for a token); the simulator
    /// reports the budget spent and answers on.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<GitHubSimulator> StartAsync(int rateLimit = Responder.TokenRateLimit, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var simulator = new GitHubSimulator(app, new Uri("http://127.0.0.1/"));
        GitHubRoutes.Map(app, simulator, new Responder(simulator.gate, simulator.Faults, simulator.Requests, rateLimit));
        await app.StartAsync(cancellationToken);
        var address = ((IApplicationBuilder)app).ServerFeatures.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return simulator;
    }

    /// <summary>The repository "owner/name", created empty on first use; only created repositories answer (others 404).</summary>
    public SimulatedRepository Repository(string fullName)
    {
        lock (gate)
        {
            if (!repositories.TryGetValue(fullName, out var repository))
                repositories[fullName] = repository = new SimulatedRepository(gate, fullName, Webhooks);
            return repository;
        }
    }

    internal SimulatedRepository? Find(string fullName) => repositories.GetValueOrDefault(fullName);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Webhooks.Dispose();
    }
}
