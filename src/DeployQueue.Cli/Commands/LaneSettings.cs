using System.ComponentModel;
using Spectre.Console.Cli;
using ValidationResult = Spectre.Console.ValidationResult;

namespace DeployQueue.Cli.Commands;

/// <summary>What `deployq lock` and `deployq unlock` name: the lane, who does it, and the broker.</summary>
public class LaneSettings : CommandSettings
{
    [CommandOption("--repo <OWNER/NAME>")] public string Repository { get; init; } = "";
    [CommandOption("--target <NAME>")] public string Target { get; init; } = "";
    [CommandOption("--author <NAME>"), Description("Who does it; default: the user name")] public string Author { get; init; } = Environment.UserName;

    [CommandOption("--rabbitmq <URL>"), Description("Default: $ConnectionStrings__RabbitMq or " + Broker.DefaultUrl)]
    public string RabbitMq { get; init; } = Broker.UrlFromEnvironment;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Repository) || string.IsNullOrWhiteSpace(Target)
            ? ValidationResult.Error("--repo and --target are required")
            : ValidationResult.Success();
}
