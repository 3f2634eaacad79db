using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>Where in the pipeline a problem was found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeployStage>))]
public enum DeployStage { Merge, Build, Deploy, HealthCheck, Startup, Smoke, Monitoring }
