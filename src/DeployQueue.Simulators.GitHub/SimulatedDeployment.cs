using System.Text.Json.Nodes;
using DeployQueue.Simulators.GitHub.Http;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.GitHub.Webhooks;

namespace DeployQueue.Simulators.GitHub;

/// <summary>A GitHub Deployment and the statuses its script reports, one more per step of its pace.</summary>
internal sealed class SimulatedDeployment
{
    readonly SimulatedRepository repository;
    readonly IReadOnlyList<DeploymentStatusScript> statuses;
    readonly long[] statusIds;
    readonly Progress progress;
    readonly DateTimeOffset createdAt = DateTimeOffset.UtcNow;
    readonly Pace pace;
    int statusesDelivered;

    public SimulatedDeployment(SimulatedRepository repository, CreatedDeployment created, string gitRef, PipelineScript? script)
    {
        this.repository = repository;
        Created = created;
        Ref = gitRef;
        statuses = script?.DeploymentStatuses ?? [];
        statusIds = statuses.Select(_ => Ids.Next()).ToArray();
        pace = script?.StatusPace ?? Pace.Immediate;
        progress = new Progress(pace, createdAt);
    }

    public long Id { get; } = Ids.Next();
    public CreatedDeployment Created { get; }
    public string Sha => Created.Sha;
    public string Ref { get; }
    public string Environment => Created.Environment;
    public string Description => Created.Description;

    public JsonNode ToJson(Uri api)
    {
        var json = Templates.Clone("deployment");
        json["id"] = Id;
        json["url"] = $"{api}repos/{repository.FullName}/deployments/{Id}";
        json["statuses_url"] = $"{api}repos/{repository.FullName}/deployments/{Id}/statuses";
        json["repository_url"] = $"{api}repos/{repository.FullName}";
        json["sha"] = Sha;
        json["ref"] = Ref;
        json["environment"] = Environment;
        json["original_environment"] = Environment;
        json["description"] = Description;
        json["task"] = "deploy";
        json["payload"] = Created.Payload?.DeepClone() ?? new JsonObject();
        json["created_at"] = repository.Timestamp(createdAt);
        json["updated_at"] = repository.Timestamp(createdAt);
        return json;
    }

    /// <summary>
    /// Delivers deployment_status created for each status as it appears: at once, or as its pace's time passes; statuses
    /// paced by reads appear on a read (<see cref="ReadStatuses"/>). Called with the simulator's lock held.
    /// </summary>
    public void DeliverStatusesAsTheyCome()
    {
        if (pace is { Polls: 0, Duration: var duration } && duration > TimeSpan.Zero)
        {
            for (var i = 1; i <= statuses.Count; i++)
                _ = Task.Delay(duration * i / statuses.Count + SimulatedWebhooks.TimerSlack).ContinueWith(_ =>
                {
                    lock (repository.Gate) DeliverVisible(Visible(progress.Current));
                }, TaskScheduler.Default);
        }
        else
            DeliverVisible(Visible(progress.Current));
    }

    int Visible(double at) => at >= 1 ? statuses.Count : (int)Math.Floor(at * statuses.Count);

    void DeliverVisible(int visible)
    {
        for (; statusesDelivered < visible; statusesDelivered++)
        {
            var (status, id) = (statuses[statusesDelivered], statusIds[statusesDelivered]);
            repository.Webhooks.Deliver("deployment_status", "deployment_status", repository.FullName, payload =>
            {
                payload["deployment_status"]!["id"] = id;
                payload["deployment_status"]!["state"] = status.State;
                payload["deployment_status"]!["environment"] = Environment;
                payload["deployment_status"]!["description"] = status.Description ?? "";
                payload["deployment"]!["id"] = Id;
                payload["deployment"]!["sha"] = Sha;
                payload["deployment"]!["ref"] = Ref;
                payload["deployment"]!["environment"] = Environment;
                payload["deployment"]!["payload"] = Created.Payload?.DeepClone() ?? new JsonObject();
                payload["deployment_status"]!["environment_url"] = status.EnvironmentUrl ?? "";
            });
        }
    }

    /// <summary>The statuses one read sees, newest first as GitHub lists them; the read advances the script.</summary>
    public IEnumerable<JsonNode> ReadStatuses(Uri api)
    {
        var at = progress.Read();
        var visible = Visible(at);
        DeliverVisible(visible);
        return statuses.Take(visible).Select((s, i) =>
        {
            var json = Templates.Clone("deployment_status");
            json["id"] = statusIds[i];
            json["url"] = $"{api}repos/{repository.FullName}/deployments/{Id}/statuses/{statusIds[i]}";
            json["deployment_url"] = $"{api}repos/{repository.FullName}/deployments/{Id}";
            json["repository_url"] = $"{api}repos/{repository.FullName}";
            json["state"] = s.State;
            json["description"] = s.Description ?? "";
            json["environment"] = Environment;
            json["target_url"] = s.LogUrl ?? "";
            json["log_url"] = s.LogUrl ?? "";
            json["environment_url"] = s.EnvironmentUrl ?? "";
            json["created_at"] = repository.Timestamp(createdAt.AddSeconds(i));
            json["updated_at"] = repository.Timestamp(createdAt.AddSeconds(i));
            return (JsonNode)json;
        }).Reverse();
    }
}
