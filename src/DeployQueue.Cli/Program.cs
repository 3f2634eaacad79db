using DeployQueue.Cli.Commands;
using DeployQueue.Cli.Demo;
using Spectre.Console;
using Spectre.Console.Cli;

// Output piped to a file or a program has no window to measure: honour COLUMNS, as other tools do.
if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
    AnsiConsole.Profile.Width = columns;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("deployq");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Sample PRs through success and every failure path, on the embedded default (or --rabbitmq/--postgres).");
    config.AddCommand<RequestCommand>("request")
        .WithDescription("Publish a DeployRequested on RabbitMQ.")
        .WithExample("request", "--repo", "acme/shop", "--pr", "123", "--target", "staging", "--branch", "feature/cart");
    config.AddCommand<StatusCommand>("status")
        .WithDescription("Deploys by state, their place in the lane and why they wait; --pr for one deploy's timeline.");
    config.AddCommand<LockCommand>("lock")
        .WithDescription("Lock a lane: deploys keep queueing, none starts until it is unlocked.")
        .WithExample("lock", "--repo", "acme/shop", "--target", "production", "--reason", "release freeze");
    config.AddCommand<UnlockCommand>("unlock")
        .WithDescription("Unlock a lane: its next deploy goes.")
        .WithExample("unlock", "--repo", "acme/shop", "--target", "production");
    config.AddCommand<ClassifyCommand>("classify")
        .WithDescription("Classify a failed job's log as a fix-task kind; prints JSON.")
        .WithExample("classify", "--log", "job.log", "--job", "deploy");
});
return await app.RunAsync(args);
