using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>Priority of a deploy request or a fix task, as the seed's tasks carry it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskPriority>))]
public enum TaskPriority { Low, Normal, High, Critical }
