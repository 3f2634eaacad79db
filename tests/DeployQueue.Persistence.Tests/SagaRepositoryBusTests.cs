using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence.History;
using DeployQueue.Persistence.Tests.Infrastructure;
using DeployQueue.Persistence.Tests.TestStateMachines;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Persistence.Tests;

/// <summary>Two service instances share one saga queue and one database, as competing consumers do in production.</summary>
[TestFixture]
public class SagaRepositoryBusTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    TestDatabase _database = null!;
    TestVirtualHost _virtualHost = null!;
    ServiceInstance _first = null!;
    ServiceInstance _second = null!;

    [OneTimeSetUp]
    public async Task StartTwoInstances()
    {
        _database = await TestDatabase.Create();
        _virtualHost = await TestVirtualHost.Create();
        _first = await ServiceInstance.Start(_database, _virtualHost);
        _second = await ServiceInstance.Start(_database, _virtualHost);
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Concurrent_updates_of_one_saga_from_two_instances_lose_none()
    {
        const int bumps = 60;
        var id = Guid.NewGuid();
        await _first.Send(new ProbeStarted(id, "acme/shop", 1, "staging"));
        await Eventually.Until(() => _first.Deploy(id), d => d != null, Bound, "the saga exists");

        await Task.WhenAll(Enumerable.Range(0, bumps)
            .Select(i => (i % 2 == 0 ? _first : _second).Send(new ProbeBumped(id))));

        var deploy = await Eventually.Until(() => _first.Deploy(id), d => d!.Attempt.Number >= 1 + bumps, Bound, "every bump applied");
        Assert.That(deploy!.Attempt.Number, Is.EqualTo(1 + bumps));
        Assert.That(_first.Errors.Concat(_second.Errors), Is.Empty, "a lost optimistic race is retried, not an error");
    }

    [Test]
    public async Task Simultaneous_first_events_for_one_id_create_one_saga_and_apply_both()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(ids.SelectMany(id => new[]
        {
            _first.Send(new ProbeStarted(id, "acme/race", 2, "staging")),
            _second.Send(new ProbeStarted(id, "acme/race", 2, "staging")),
        }));

        var attempts = await Eventually.Until(
            () => _first.Query(db => db.Deploys.AsNoTracking().Where(x => ids.Contains(x.CorrelationId)).Select(x => x.Attempt.Number).ToListAsync()),
            a => a.Count == ids.Count && a.All(x => x == 2), Bound, "each saga created once and started twice");
        Assert.That(attempts, Has.Count.EqualTo(ids.Count).And.All.EqualTo(2));
        Assert.That(_first.Errors.Concat(_second.Errors), Is.Empty, "a first insert made twice is retried, not an error");
    }

    [Test]
    public async Task History_records_every_transition_in_order_by_pr_and_by_target()
    {
        var id = Guid.NewGuid();
        const string target = "history-target";
        await _first.Send(new ProbeStarted(id, "acme/history", 7, target));
        foreach (var state in new[] { "Merging", "Deploying", "Succeeded" })
        {
            await Eventually.Until(() => _first.Deploy(id), d => d != null, Bound, "the saga exists");
            await (state == "Deploying" ? _second : _first).Send(new ProbeAdvanced(id));
            await Eventually.Until(() => _first.Deploy(id), d => d!.CurrentState == state, Bound, $"the saga reaches {state}");
        }

        var history = _first.Services.GetRequiredService<IDeployHistory>();
        var byPr = await history.ForPullRequest("acme/history", 7, target);
        var byTarget = await history.ForTarget(target);

        string[] expected =
            ["Initial->Claimed by Started", "Claimed->Merging by Advanced", "Merging->Deploying by Advanced", "Deploying->Succeeded by Advanced"];
        Assert.Multiple(() =>
        {
            Assert.That(byPr.Select(t => $"{t.FromState}->{t.ToState} by {t.Cause}"), Is.EqualTo(expected));
            Assert.That(byTarget.Select(t => t.Id), Is.EqualTo(byPr.Select(t => t.Id)));
            Assert.That(byPr.Select(t => t.OccurredAt), Is.Ordered);
            Assert.That(byPr, Has.All.Property(nameof(DeployTransition.DeployId)).EqualTo(id));
        });
    }

    [Test]
    public async Task Sagas_are_found_through_the_load_and_query_repositories()
    {
        var id = Guid.NewGuid();
        await _second.Send(new ProbeStarted(id, "acme/lookup", 3, "staging"));
        await Eventually.Until(() => _first.Deploy(id), d => d != null, Bound, "the saga exists");

        var loaded = await _first.Services.GetRequiredService<ILoadSagaRepository<DeployState>>().Load(id);
        var found = await _first.Services.GetRequiredService<IQuerySagaRepository<DeployState>>()
            .Find(new SagaQuery<DeployState>(x => x.Repository == "acme/lookup"));
        var missing = await _first.Services.GetRequiredService<ILoadSagaRepository<DeployState>>().Load(Guid.NewGuid());

        Assert.Multiple(() =>
        {
            Assert.That(loaded?.PrNumber, Is.EqualTo(3));
            Assert.That(found, Is.EqualTo(new[] { id }));
            Assert.That(missing, Is.Null);
        });
    }

    [Test]
    public async Task Last_known_good_sha_is_the_lanes()
    {
        await _first.Query(async db =>
        {
            db.Lanes.Add(new LaneState
            {
                CorrelationId = Guid.NewGuid(), CurrentState = "Idle", Repository = "acme/lkg", Target = "production",
                LastKnownGoodSha = "0123456789abcdef",
            });
            return await db.SaveChangesAsync();
        });

        var history = _first.Services.GetRequiredService<IDeployHistory>();
        Assert.Multiple(async () =>
        {
            Assert.That(await history.LastKnownGoodSha("acme/lkg", "production"), Is.EqualTo("0123456789abcdef"));
            Assert.That(await history.LastKnownGoodSha("acme/lkg", "staging"), Is.Null);
        });
    }
}
