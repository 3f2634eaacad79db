using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>A check's verdict on one interval. Inconclusive: no data (no series, Prometheus unreachable or refusing the query).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MonitoringVerdict>))]
public enum MonitoringVerdict { Passed, Failed, Inconclusive }
