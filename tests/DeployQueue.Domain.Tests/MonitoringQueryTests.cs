using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>A Prometheus check's query naming the versions it compares: the release as {{canary}}, the version beside it as {{stable}}.</summary>
[TestFixture]
public class MonitoringQueryTests
{
    const string Release = "4f2c9e1d8b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d";
    const string Stable = "1111111111111111111111111111111111111111";

    [Test]
    public void Both_versions_are_put_in_place_wherever_the_query_names_them()
    {
        var query = MonitoringQuery.Render("""errors{version="{{canary}}"} - errors{version="{{ stable }}"} + up{version="{{canary}}"}""", Release, Stable);

        Assert.That(query, Is.EqualTo($$"""errors{version="{{Release}}"} - errors{version="{{Stable}}"} + up{version="{{Release}}"}"""));
    }

    [Test]
    public void A_query_comparing_with_the_stable_version_is_not_asked_without_one()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MonitoringQuery.Render("""errors{version="{{canary}}"} - errors{version="{{stable}}"}""", Release, stableSha: null),
                Is.Null);
            Assert.That(MonitoringQuery.Render("""errors{version="{{canary}}"}""", Release, stableSha: null),
                Is.EqualTo($$"""errors{version="{{Release}}"}"""));
            Assert.That(MonitoringQuery.Render("sum(rate(errors[1m]))", Release, stableSha: null), Is.EqualTo("sum(rate(errors[1m]))"),
                "a plain query as it is");
        });
    }

    [Test]
    public void Placeholders_other_than_canary_and_stable_are_named_as_mistakes()
    {
        Assert.That(MonitoringQuery.UnknownPlaceholders("""errors{version="{{canary}}",env="{{environment}}"} - errors{version="{{Stable}}"}"""),
            Is.EqualTo(new[] { "{{environment}}", "{{Stable}}" }));
    }
}
