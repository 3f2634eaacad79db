namespace DeployQueue.Service.Configuration;

/// <summary>The `DeployQueue:Api` section: who may change the queue through the HTTP API and the status page.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "DeployQueue:Api";

    /// <summary>The bearer token every change needs (a request, a lock, an unlock); empty: nothing can be changed over HTTP.</summary>
    public string Token { get; set; } = "";

    /// <summary>When true, reading (the page, the API's GETs) needs the token too.</summary>
    public bool RequireTokenToRead { get; set; }
}
