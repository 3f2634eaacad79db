using System.Net;
using System.Text;
using DeployQueue.Domain.Configuration;
using DeployQueue.Smoke.Monitoring;
using Microsoft.Extensions.Options;

namespace DeployQueue.Smoke.Tests;

/// <summary>
/// What Prometheus's instant query API answers, as the start's check of the monitoring queries and each interval read it:
/// a query refused as malformed is told apart from an evaluation without one value and from no Prometheus at all.
/// </summary>
[TestFixture]
public class PrometheusClientTests
{
    [Test]
    public async Task A_query_refused_as_bad_data_is_rejected_with_prometheus_error()
    {
        var answer = await Query(HttpStatusCode.BadRequest,
            """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:32: parse error: unclosed left parenthesis"}""");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Kind, Is.EqualTo(PrometheusProblem.QueryRejected));
            Assert.That(answer.Problem, Is.EqualTo("Prometheus refused the query (HTTP 400, bad_data): " +
                "invalid parameter \"query\": 1:32: parse error: unclosed left parenthesis"));
        });
    }

    [Test]
    public async Task An_evaluation_error_is_no_value_for_this_interval_not_a_rejected_query()
    {
        var answer = await Query(HttpStatusCode.UnprocessableEntity,
            """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}""");

        Assert.That((answer.Kind, answer.Value), Is.EqualTo((PrometheusProblem.NoValue, (double?)null)));
    }

    [Test]
    public async Task One_series_is_its_value()
    {
        var answer = await Query(HttpStatusCode.OK,
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764470000.1,"0.25"]}]}}""");

        Assert.That((answer.Kind, answer.Value), Is.EqualTo((PrometheusProblem.None, (double?)0.25)));
    }

    [Test]
    public async Task A_prometheus_that_refuses_the_connection_is_unreachable()
    {
        // Nothing listens on port 1 of the loopback.
        using var http = new HttpClient();
        var answer = await Client(http, "http://127.0.0.1:1/").Query("up", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Kind, Is.EqualTo(PrometheusProblem.Unreachable));
            Assert.That(answer.Problem, Is.EqualTo("Prometheus at http://127.0.0.1:1/ refused the connection"));
        });
    }

    static async Task<PrometheusValue> Query(HttpStatusCode status, string body)
    {
        using var http = new HttpClient(new Answering(status, body));
        return await Client(http, "http://prometheus.test/").Query("sum(rate(http_requests_total[1m]))", CancellationToken.None);
    }

    static PrometheusClient Client(HttpClient http, string baseUrl) =>
        new(http, Options.Create(new DeployQueueOptions { Prometheus = new PrometheusOptions { BaseUrl = baseUrl } }),
            Options.Create(new SmokeRunnerOptions()));

    /// <summary>Prometheus's answer, without a Prometheus.</summary>
    sealed class Answering(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
