using System.Text.RegularExpressions;
using DeployQueue.Domain.Configuration;
using DeployQueue.GitHub.Http;
using DeployQueue.Simulators.GitHub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace DeployQueue.GitHub.Tests;

/// <summary>What the rate-limit budget GitHub reports writes to the log as it is spent: a few lines a window, not one a call.</summary>
[TestFixture]
public class RateLimitLogTests
{
    [Test]
    public async Task A_budget_spent_is_logged_per_tenth_then_per_hundredth_and_once_when_none_is_left()
    {
        const int budget = 200;
        await using var simulator = await GitHubSimulator.StartAsync(rateLimit: budget);
        var repository = simulator.Repository("acme/shop");
        var log = new FakeLogger();
        var client = GitHubClientFactory.Create(
            new GitHubOptions { BaseUrl = simulator.BaseUrl.ToString(), Token = "ghp_SimulatorToken0123456789abcdefXYZ" },
            new InMemoryResponseCache(), new RateLimitMonitor(log), new GitHubCallMetrics(), NullLogger.Instance, new GitHubRetryOptions());

        // A PR each call, so that no answer is a free 304; the last 60 calls are made with nothing left.
        for (var number = 1; number <= budget + 60; number++)
        {
            repository.PullRequest(number);
            await client.PullRequest.Get("acme", "shop", number);
        }

        var lines = log.Collector.GetSnapshot()
            .Select(r => (r.Level, Remaining: int.Parse(Regex.Match(r.Message, @"rate limit: (\d+) of 200 calls left").Groups[1].Value)))
            .ToList();
        Assert.That(lines.Select(l => l.Remaining),
            Is.EqualTo(new[] { 199, 179, 159, 139, 119, 99, 79, 59, 39, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1, 0 }));
        Assert.That(lines.Select(l => l.Level),
            Is.EqualTo(Enumerable.Repeat(LogLevel.Information, 9).Concat(Enumerable.Repeat(LogLevel.Warning, 11))),
            "a warning once under a tenth is left");
    }
}
