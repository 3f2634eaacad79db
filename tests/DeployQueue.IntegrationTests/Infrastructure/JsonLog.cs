using System.Diagnostics;
using System.Text.Json;
using DeployQueue.Domain.Policies;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A service process logging compact JSON at Information, as an operator reads it, and the events it wrote.</summary>
public static class JsonLog
{
    static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);

    /// <summary>Starts the service on the system with these settings too (environment variables), once it is ready.</summary>
    public static async Task<ServiceProcess> StartService(EndToEndSystem system, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>(system.EnvironmentVariables)
        {
            ["Serilog__MinimumLevel"] = "Information",
            ["Serilog__Json"] = "true",
        };
        foreach (var (key, value) in settings)
            environment[key] = value;
        var service = ServiceProcess.Start(environment);
        if (await service.WaitUntilReady(StartBound))
            return service;
        var output = service.Output;
        await service.DisposeAsync();
        Assert.Fail($"the service never became ready:\n{output}");
        throw new UnreachableException();
    }

    /// <summary>The process's output lines that are log events (compact JSON objects).</summary>
    public static List<JsonElement> Lines(ServiceProcess service) => service.Output.Split('\n')
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    /// <summary>The log events of one deploy.</summary>
    public static List<JsonElement> LinesOf(ServiceProcess service, string repository, int prNumber, string target) => Lines(service)
        .Where(line => line.TryGetProperty("DeployId", out var id) && id.GetString() == DeployIdentity.DeployId(repository, prNumber, target).ToString())
        .ToList();
}
