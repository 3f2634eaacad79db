using System.Globalization;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var failures = new OptionsFailures(HostingOptions.SectionName);
        failures.PositiveDuration(nameof(options.SchedulerPollInterval), options.SchedulerPollInterval);
        for (var i = 0; i < options.RabbitMqClusterNodes.Count; i++)
        {
            if (!IsHostAndPort(options.RabbitMqClusterNodes[i]))
                failures.Add($"{nameof(options.RabbitMqClusterNodes)}:{i}", "must be a host or host:port, e.g. rabbit-2:5672");
        }
        return failures.Result;
    }

    /// <summary>What MassTransit's cluster node takes: a host name or address, and optionally a port after one colon.</summary>
    public static bool IsHostAndPort(string node)
    {
        var parts = node.Split(':');
        return parts.Length <= 2
               && Uri.CheckHostName(parts[0]) != UriHostNameType.Unknown
               && (parts.Length == 1 || ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0);
    }
}
