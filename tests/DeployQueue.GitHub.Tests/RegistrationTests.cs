using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class RegistrationTests : GitHubTestBed
{
    [Test]
    public async Task AddGitHubGateways_wires_both_ports_to_one_client_reaching_the_configured_server()
    {
        ReadyPullRequest();
        var services = new ServiceCollection()
            .AddGitHubGateways(new GitHubOptions { BaseUrl = Simulator.BaseUrl.ToString(), Token = Token })
            .BuildServiceProvider();

        var gate = await services.GetRequiredService<IPullRequestGateway>().EvaluateGate(RepositoryName, 7, new GateRules(1), CancellationToken.None);

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Ready));
        Assert.That(services.GetRequiredService<IDeploymentGateway>(), Is.InstanceOf<OctokitDeploymentGateway>());
    }

    [TestCase("https://api.github.com/", "https://api.github.com/")]
    [TestCase("https://github.com", "https://api.github.com/")]
    [TestCase("https://ghe.acme.example/", "https://ghe.acme.example/api/v3/")]
    [TestCase("http://127.0.0.1:5123/", "http://127.0.0.1:5123/api/v3/")]
    public void The_base_url_follows_Octokits_enterprise_rule(string baseUrl, string api)
    {
        Assert.That(GitHubClientFactory.ApiBaseAddress(baseUrl), Is.EqualTo(new Uri(api)));
    }
}
