using Microsoft.Extensions.Options;
using Npgsql;

namespace DeployQueue.Service.Configuration;

/// <summary>Stops the start on a missing or malformed connection string. Messages name the key, never the value (it may hold a password).</summary>
public sealed class ServiceConnectionStringsValidator : IValidateOptions<ServiceConnectionStrings>
{
    static readonly string[] AmqpSchemes = ["amqp", "amqps", "rabbitmq", "rabbitmqs"];

    public ValidateOptionsResult Validate(string? name, ServiceConnectionStrings options)
    {
        var failures = new List<string>();
        const string rabbitKey = $"{ServiceConnectionStrings.SectionName}:{nameof(ServiceConnectionStrings.RabbitMq)}";
        const string postgresKey = $"{ServiceConnectionStrings.SectionName}:{nameof(ServiceConnectionStrings.Postgres)}";

        if (!Uri.TryCreate(options.RabbitMq, UriKind.Absolute, out var rabbit) || !AmqpSchemes.Contains(rabbit.Scheme))
            failures.Add($"{rabbitKey} must be an absolute amqp:// URI, e.g. amqp://guest:guest@127.0.0.1:5672/");

        if (string.IsNullOrWhiteSpace(options.Postgres) || !IsNpgsqlConnectionString(options.Postgres))
            failures.Add($"{postgresKey} must be an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Database=deployqueue;Username=postgres");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static bool IsNpgsqlConnectionString(string value)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
