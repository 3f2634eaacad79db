using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>How a pull request is merged; GitHub's merge_method.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MergeStrategy>))]
public enum MergeStrategy { Merge, Squash, Rebase }
