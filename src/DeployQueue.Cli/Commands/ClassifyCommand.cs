using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployQueue.Cli.Commands;

/// <summary>`deployq classify`: what fix task a failed job's log would become, without running a deploy.</summary>
public sealed class ClassifyCommand : AsyncCommand<ClassifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--log <FILE>"), Description("The job's log (- for standard input)")]
        public string Log { get; init; } = "";

        [CommandOption("--job <NAME>"), Description("The job's name")]
        public string Job { get; init; } = "deploy";

        [CommandOption("--step <NAME>"), Description("The failed step's name")]
        public string? Step { get; init; }

        [CommandOption("--stage <STAGE>"), Description("Build, Deploy, HealthCheck or Startup")]
        public DeployStage Stage { get; init; } = DeployStage.Deploy;

        [CommandOption("--environment <NAME>"), Description("The target's environment, for the title")]
        public string Environment { get; init; } = "staging";

        [CommandOption("--service <NAME>"), Description("The target's configured service, named when the log names none")]
        public string? Service { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Log) ? ValidationResult.Error("--log FILE is required")
            : Log != "-" && !File.Exists(Log) ? ValidationResult.Error($"no such file: {Log}")
            : ValidationResult.Success();
    }

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var log = settings.Log == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(settings.Log, cancellationToken);
        var classification = FailureClassifier.Classify(settings.Job, settings.Step, log, settings.Stage);
        var service = classification.Service ?? settings.Service ?? settings.Environment;
        var title = FixTaskTitles.For(classification.Kind, service, 0, settings.Environment);
        AnsiConsole.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
        {
            kind = classification.Kind,
            service,
            title,
            confidence = classification.Confidence,
            causalLine = classification.CausalLine,
            excerpt = classification.Excerpt,
        }, Json));
        return 0;
    }
}
