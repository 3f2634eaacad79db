using System.Text.RegularExpressions;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

/// <summary>
/// Checks the `DeployQueue` section (DESIGN.md §8) before anything starts. Every failure names the
/// configuration key at fault, as an operator would write it in appsettings.json or as an environment
/// variable (with `__` for `:`). The GitHub token is never part of a message.
/// </summary>
public sealed partial class DeployQueueOptionsValidator(IConfiguration configuration) : IValidateOptions<DeployQueueOptions>
{
    const string Root = DeployQueueOptions.SectionName;

    static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase)
        { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$")]
    private static partial Regex OwnerSlashName();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9 ._/-]{0,98}[A-Za-z0-9])?$")]
    private static partial Regex ServiceName();

    public ValidateOptionsResult Validate(string? name, DeployQueueOptions options)
    {
        var failures = new List<string>();

        ValidateGitHub(options.GitHub, failures);
        ValidateRepositories(options.Repositories, failures);
        if (options.Prometheus.BaseUrl is { } prometheus && !HttpUrl.IsValid(prometheus))
            failures.Add($"{Root}:Prometheus:BaseUrl must be an absolute http(s) URL");
        if (options.LaneRecheck <= TimeSpan.Zero)
            failures.Add($"{Root}:LaneRecheck must be a positive duration (hh:mm:ss)");
        if (options.SmokeRecheck <= TimeSpan.Zero)
            failures.Add($"{Root}:SmokeRecheck must be a positive duration (hh:mm:ss)");

        // Names as configured: a target the binder could not read is reported once, not again by RequiresSuccessOn.
        var targetNames = configuration.GetSection($"{Root}:Targets").GetChildren().Select(s => s.Key)
            .Concat(options.Targets.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (targetNames.Count == 0)
            failures.Add($"{Root}:Targets must define at least one target");
        ReportUnreadableTargets(options, failures);
        foreach (var (targetName, target) in options.Targets)
            ValidateTarget(targetName, target, targetNames, options.Prometheus.BaseUrl, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The binder silently leaves out a dictionary entry it cannot convert (e.g. `"MergeStrategy": "fast"`):
    /// bind such a target on its own to get the binder's message, which names the key.
    /// </summary>
    void ReportUnreadableTargets(DeployQueueOptions options, List<string> failures)
    {
        foreach (var section in configuration.GetSection($"{Root}:Targets").GetChildren())
        {
            if (options.Targets.ContainsKey(section.Key))
                continue;
            try
            {
                section.Get<TargetOptions>();
                failures.Add($"{section.Path} could not be read");
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }
    }

    static void ValidateGitHub(GitHubOptions gitHub, List<string> failures)
    {
        if (!HttpUrl.IsValid(gitHub.BaseUrl))
            failures.Add($"{Root}:GitHub:BaseUrl must be an absolute http(s) URL");
        if (gitHub.PollInterval <= TimeSpan.Zero)
            failures.Add($"{Root}:GitHub:PollInterval must be a positive duration (hh:mm:ss)");
        if (gitHub.MergeGrace <= TimeSpan.Zero)
            failures.Add($"{Root}:GitHub:MergeGrace must be a positive duration (hh:mm:ss)");
        if (gitHub.PollIntervalWithWebhooks <= TimeSpan.Zero)
            failures.Add($"{Root}:GitHub:PollIntervalWithWebhooks must be a positive duration (hh:mm:ss)");
        // Without a secret no delivery could be told from a forged one (and Octokit's own check would let unsigned ones in).
        if (gitHub.Webhooks.Enabled && string.IsNullOrEmpty(gitHub.WebhookSecret))
            failures.Add($"{Root}:GitHub:WebhookSecret (or GITHUB_WEBHOOK_SECRET) must be set when {Root}:GitHub:Webhooks:Enabled is true");
        if (gitHub.Webhooks.MaxBodyBytes <= 0)
            failures.Add($"{Root}:GitHub:Webhooks:MaxBodyBytes must be a positive number of bytes");
        if (gitHub.Webhooks.DeliveryRetention <= TimeSpan.Zero)
            failures.Add($"{Root}:GitHub:Webhooks:DeliveryRetention must be a positive duration (d.hh:mm:ss)");
    }

    static void ValidateRepositories(List<string> repositories, List<string> failures)
    {
        if (repositories.Count == 0)
            failures.Add($"{Root}:Repositories must list at least one repository as owner/name");
        for (var i = 0; i < repositories.Count; i++)
        {
            if (!OwnerSlashName().IsMatch(repositories[i] ?? ""))
                failures.Add($"{Root}:Repositories:{i} must be a repository as owner/name");
        }
    }

    static void ValidateTarget(string targetName, TargetOptions target, HashSet<string> targetNames, string? prometheusBaseUrl,
        List<string> failures)
    {
        var key = $"{Root}:Targets:{targetName}";

        if (!HttpUrl.IsValid(target.BaseUrl))
            failures.Add($"{key}:BaseUrl must be an absolute http(s) URL");
        if (!Enum.IsDefined(target.MergeStrategy))
            failures.Add($"{key}:MergeStrategy must be one of {string.Join(", ", Enum.GetNames(target.MergeStrategy.GetType()))}");
        if (!Enum.IsDefined(target.Trigger))
            failures.Add($"{key}:Trigger must be one of {string.Join(", ", Enum.GetNames(target.Trigger.GetType()))}");
        if (target.Trigger == DeployTrigger.Merge && string.IsNullOrWhiteSpace(target.Workflow))
            failures.Add($"{key}:Workflow is required when Trigger is Merge: the workflow file the merge starts (e.g. deploy.yml); " +
                         "runs of other workflows (CI) for the same commit are not the deployment");
        if (target.HealthChecks.Count == 0 && target.SmokeTests.Count == 0 && target.VersionPath is null && !target.AllowNoSmokeChecks)
            failures.Add($"{key} has no health check, smoke test or version path: its smoke step would pass without looking " +
                         $"(add checks, or set {key}:AllowNoSmokeChecks to true)");
        if (target.Branch is not null && string.IsNullOrWhiteSpace(target.Branch))
            failures.Add($"{key}:Branch must name a branch (leave it out for the repository's default branch)");
        if (target.Service is not null && !ServiceName().IsMatch(target.Service))
            failures.Add($"{key}:Service must be a service name of at most 100 letters, digits, spaces and . _ / - starting with a letter " +
                         "or digit (leave it out to name the environment)");
        if (!Enum.IsDefined(target.Priority))
            failures.Add($"{key}:Priority must be one of {string.Join(", ", Enum.GetNames(target.Priority.GetType()))}");
        if (target.RequiredApprovals < 0)
            failures.Add($"{key}:RequiredApprovals must be zero or more");
        if (target.Environment is not null && string.IsNullOrWhiteSpace(target.Environment))
            failures.Add($"{key}:Environment must not be blank (leave it out to use the target's name)");
        if (target.VersionPath is not null && !IsPath(target.VersionPath))
            failures.Add($"{key}:VersionPath must be a path starting with /");

        ValidateTimeout($"{key}:Timeouts:Merge", target.Timeouts.Merge, failures);
        ValidateTimeout($"{key}:Timeouts:Deploy", target.Timeouts.Deploy, failures);
        ValidateTimeout($"{key}:Timeouts:Smoke", target.Timeouts.Smoke, failures);
        ValidateTimeout($"{key}:Timeouts:Rollback", target.Timeouts.Rollback, failures);
        if (!Enum.IsDefined(target.Rollback))
            failures.Add($"{key}:Rollback must be one of {string.Join(", ", Enum.GetNames<RollbackMode>())}");
        if (target.RollbackOnCriticalFailure && target.Rollback == RollbackMode.Automatic && target.Trigger != DeployTrigger.Deployment)
            failures.Add($"{key}:Rollback Automatic needs Trigger Deployment: the queue rolls back by a GitHub Deployment of the good SHA");
        ValidateMonitoring(key, target, prometheusBaseUrl, failures);
        ValidateRollout(key, target, failures);

        if (target.RequiresSuccessOn is { } required
            && (!targetNames.Contains(required) || string.Equals(required, targetName, StringComparison.OrdinalIgnoreCase)))
            failures.Add($"{key}:RequiresSuccessOn must name another configured target");

        for (var i = 0; i < target.HealthChecks.Count; i++)
        {
            var check = target.HealthChecks[i];
            if (!IsPath(check.Path))
                failures.Add($"{key}:HealthChecks:{i}:Path must be a path starting with /");
            if (!IsHttpStatus(check.ExpectStatus))
                failures.Add($"{key}:HealthChecks:{i}:ExpectStatus must be an HTTP status code (100-599)");
        }

        for (var i = 0; i < target.SmokeTests.Count; i++)
        {
            var test = target.SmokeTests[i];
            if (!HttpMethods.Contains(test.Method))
                failures.Add($"{key}:SmokeTests:{i}:Method must be one of {string.Join(", ", HttpMethods)}");
            if (!IsPath(test.Path))
                failures.Add($"{key}:SmokeTests:{i}:Path must be a path starting with /");
            if (!IsHttpStatus(test.ExpectStatus))
                failures.Add($"{key}:SmokeTests:{i}:ExpectStatus must be an HTTP status code (100-599)");
            if (test.MaxLatencyMs is <= 0)
                failures.Add($"{key}:SmokeTests:{i}:MaxLatencyMs must be positive");
        }
    }

    /// <summary>A window of zero is monitoring off, and then nothing else of it matters but the interval, how often a rollback is checked.</summary>
    static void ValidateMonitoring(string targetKey, TargetOptions target, string? prometheusBaseUrl, List<string> failures)
    {
        var key = $"{targetKey}:Monitoring";
        var monitoring = target.Monitoring;
        if (monitoring.Window < TimeSpan.Zero)
            failures.Add($"{key}:Window must be zero (off) or a positive duration (hh:mm:ss)");
        if (monitoring.Interval <= TimeSpan.Zero && (monitoring.Enabled || target.RollbackOnCriticalFailure || target.Rollout.Enabled))
            failures.Add($"{key}:Interval must be a positive duration (hh:mm:ss)");
        // A rollout judges its steps with the monitoring checks, with or without a window after the deploy.
        if (!monitoring.Enabled && !target.Rollout.Enabled)
            return;
        if (monitoring.Enabled && monitoring.Interval > TimeSpan.Zero && monitoring.Window < monitoring.Interval)
            failures.Add($"{key}:Window ({monitoring.Window}) is shorter than {key}:Interval ({monitoring.Interval}): no interval would run");
        if (monitoring.FailureLimit < 1)
            failures.Add($"{key}:FailureLimit must be at least 1");
        if (monitoring.InconclusiveLimit < 1)
            failures.Add($"{key}:InconclusiveLimit must be at least 1");
        if (monitoring.Checks.Count == 0 && target.VersionPath is null)
            failures.Add($"{key}:Checks must list at least one check (or the target a VersionPath): monitoring would watch nothing");
        if ((target.RollbackOnCriticalFailure || target.Rollout.Enabled) && target.VersionPath is null)
            failures.Add($"{targetKey}:VersionPath is required when the target is monitored and rolls back: a rollback is verified on it");

        for (var i = 0; i < monitoring.Checks.Count; i++)
        {
            var check = monitoring.Checks[i];
            var checkKey = $"{key}:Checks:{i}";
            if (!Enum.IsDefined(check.Type))
                failures.Add($"{checkKey}:Type must be one of {string.Join(", ", Enum.GetNames<MonitoringCheckType>())}");
            if (check.Min is { } min && check.Max is { } max && min > max)
                failures.Add($"{checkKey}:Min must not be greater than {checkKey}:Max");
            if (check.Type == MonitoringCheckType.Prometheus)
            {
                if (string.IsNullOrWhiteSpace(check.Query))
                    failures.Add($"{checkKey}:Query is required for a Prometheus check");
                else if (MonitoringQuery.UnknownPlaceholders(check.Query) is { Count: > 0 } unknown)
                    failures.Add($"{checkKey}:Query names {string.Join(", ", unknown)}: a query may name {{{{canary}}}} (the release's SHA) " +
                                 "and {{stable}} (the version beside it during a rollout step) only");
                if (check.Min is null && check.Max is null)
                    failures.Add($"{checkKey} needs Min and/or Max: a Prometheus check judges its query's value against them");
                if (prometheusBaseUrl is null)
                    failures.Add($"{Root}:Prometheus:BaseUrl is required: {checkKey} is a Prometheus check");
                continue;
            }
            if (!IsPath(check.Path))
                failures.Add($"{checkKey}:Path must be a path starting with /");
            if (!IsHttpStatus(check.ExpectStatus))
                failures.Add($"{checkKey}:ExpectStatus must be an HTTP status code (100-599)");
            if (check.MaxLatencyMs is <= 0)
                failures.Add($"{checkKey}:MaxLatencyMs must be positive");
            if (check.Requests is < 1 or > 100)
                failures.Add($"{checkKey}:Requests must be from 1 to 100");
            if (check.JsonPath is not null && check.Min is null && check.Max is null)
                failures.Add($"{checkKey} needs Min and/or Max: its JsonPath's number is judged against them");
        }
    }

    /// <summary>Steps that rise to 100, each paused long enough for an interval of the checks that judge it.</summary>
    static void ValidateRollout(string targetKey, TargetOptions target, List<string> failures)
    {
        if (!target.Rollout.Enabled)
            return;
        var key = $"{targetKey}:Rollout";
        var steps = target.Rollout.Steps;
        if (target.Trigger != DeployTrigger.Deployment)
            failures.Add($"{key} needs {targetKey}:Trigger Deployment: each step is a GitHub Deployment carrying its weight");
        if (target.Monitoring.Checks.Count == 0)
            failures.Add($"{key} needs {targetKey}:Monitoring:Checks: they judge each step");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var stepKey = $"{key}:Steps:{i}";
            if (step.Weight is < 0 or > 100)
                failures.Add($"{stepKey}:Weight must be a percentage from 0 to 100");
            else if (i > 0 && step.Weight <= steps[i - 1].Weight)
                failures.Add($"{stepKey}:Weight ({step.Weight}) must be above the step before ({steps[i - 1].Weight}): weights rise step by step");
            if (i < steps.Count - 1 && step.Pause < target.Monitoring.Interval)
                failures.Add($"{stepKey}:Pause ({step.Pause}) is shorter than {targetKey}:Monitoring:Interval ({target.Monitoring.Interval}): " +
                             "no check would judge the step");
        }
        if (steps[^1].Weight != 100)
            failures.Add($"{key}:Steps:{steps.Count - 1}:Weight must be 100: the last step puts all traffic on the new version");
    }

    static void ValidateTimeout(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
            failures.Add($"{key} must be a positive duration (hh:mm:ss)");
    }

    static bool IsPath(string? value) => value is { Length: > 0 } && value[0] == '/';

    static bool IsHttpStatus(int status) => status is >= 100 and <= 599;
}
