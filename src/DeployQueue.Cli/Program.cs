using DeployQueue.Cli.Commands;
using DeployQueue.Cli.Demo;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("deployq");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Sample PRs through success and every failure path, on the embedded default (or --rabbitmq/--postgres).");
    config.AddCommand<RequestCommand>("request")
        .WithDescription("Publish a DeployRequested on RabbitMQ.")
        .WithExample("request", "--repo", "acme/shop", "--pr", "123", "--target", "staging", "--branch", "feature/cart");
    config.AddCommand<ClassifyCommand>("classify")
        .WithDescription("Classify a failed job's log as a fix-task kind; prints JSON.")
        .WithExample("classify", "--log", "job.log", "--job", "deploy");
});
return await app.RunAsync(args);
