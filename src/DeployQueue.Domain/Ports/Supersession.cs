namespace DeployQueue.Domain.Ports;

/// <summary>A newer SHA went through the workflow or environment (<paramref name="Pipeline"/>) after <paramref name="Sha"/>
/// did: deploying <paramref name="Sha"/> again would roll it back.</summary>
public sealed record Supersession(string Sha, string NewerSha, string Pipeline)
{
    public string Reason => $"{Sha} is superseded by {NewerSha} on {Pipeline}; deploying it again would roll back newer changes";
}
