using MassTransit;

namespace DeployQueue.Cli.Commands;

/// <summary>Publishes one message on RabbitMQ, as another service of the pipeline would, and waits for the broker's confirm.</summary>
static class Broker
{
    public const string DefaultUrl = "amqp://guest:guest@127.0.0.1:5672/";

    public static string UrlFromEnvironment => Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq") ?? DefaultUrl;

    public static async Task Publish<T>(string url, T message, CancellationToken cancellationToken) where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(url), h => h.PublisherConfirmation = true));
        await bus.StartAsync(cancellationToken);
        try
        {
            await bus.Publish(message, cancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
