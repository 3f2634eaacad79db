namespace DeployQueue.Service.Configuration;

/// <summary>The `ConnectionStrings` section: where the broker and the database are. Values may hold passwords: never logged.</summary>
public sealed class ServiceConnectionStrings
{
    public const string SectionName = "ConnectionStrings";

    /// <summary>An AMQP URI, e.g. amqp://guest:guest@127.0.0.1:5672/ (the path is the virtual host).</summary>
    public string RabbitMq { get; set; } = "";

    /// <summary>An Npgsql connection string.</summary>
    public string Postgres { get; set; } = "";
}
