using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Smoke.Monitoring;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

/// <summary>
/// At start, before the bus takes any message: every monitoring query of the Prometheus checks is put to Prometheus once.
/// A query Prometheus refuses as malformed (bad_data) stops the start, named by its key, as an invalid value does: it
/// would never be answered, and each release it watches would end in an investigation. A Prometheus that does not answer
/// at start stops nothing (it is another service, and deploys do not need it): a warning says so, and each interval
/// that cannot reach it is inconclusive, announced as <c>InvestigationNeeded</c> after the target's InconclusiveLimit.
/// </summary>
public sealed class PrometheusQueriesCheck(PrometheusClient prometheus, IOptions<DeployQueueOptions> options, ILogger<PrometheusQueriesCheck> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (key, query) in Queries(options.Value))
        {
            var answer = await prometheus.Query(MonitoringQuery.Sample(query), cancellationToken);
            if (answer.Kind == PrometheusProblem.QueryRejected)
                failures.Add($"{key} is refused by Prometheus: {answer.Problem}");
            else if (answer.Kind == PrometheusProblem.Unreachable)
            {
                logger.LogWarning("Monitoring queries not checked at start ({Problem}): each interval that cannot reach Prometheus has no data",
                    answer.Problem);
                break;
            }
        }
        if (failures.Count > 0)
            throw new OptionsValidationException(DeployQueueOptions.SectionName, typeof(DeployQueueOptions), failures);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static IEnumerable<(string Key, string Query)> Queries(DeployQueueOptions options) =>
        from target in options.Targets
        where target.Value.Monitoring.Enabled || target.Value.Rollout.Enabled
        from check in target.Value.Monitoring.Checks.Select((check, index) => (check, index))
        where check.check.Type == MonitoringCheckType.Prometheus && check.check.Query is not null
        select ($"{DeployQueueOptions.SectionName}:Targets:{target.Key}:Monitoring:Checks:{check.index}:Query", check.check.Query!);
}
