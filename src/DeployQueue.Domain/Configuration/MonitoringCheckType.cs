namespace DeployQueue.Domain.Configuration;

/// <summary>Where a monitoring check looks: the target over HTTP, or a PromQL query against DeployQueue:Prometheus:BaseUrl.</summary>
public enum MonitoringCheckType { Http, Prometheus }
