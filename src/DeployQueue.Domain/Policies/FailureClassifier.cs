using System.Text.RegularExpressions;
using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// Turns a failed job (its name, step and log) into one of the seed's fix-task kinds. Every log line is matched
/// against signs of each kind; a sign of a cause (a failed migration, an unresolvable package, a missing setting,
/// an out-of-memory kill) weighs more than a symptom (a crash loop, a failed probe, a timed-out rollout), so the
/// kind that explains the failure wins. Job and step names add hints; with no sign at all the stage decides.
/// The causal line is the first line with the strongest sign of the kind found; the service is the one the log
/// names (<see cref="ServiceAttribution"/>), else the job's; the excerpt is the causal line with its context.
/// </summary>
public static partial class FailureClassifier
{
    const int Cause = 4;
    const int Symptom = 2;
    const int Hint = 1;
    const int MaxScannedLineLength = 2000;

    sealed record Sign(FixTaskKind Kind, int Weight, Regex Pattern);

    static Sign S(FixTaskKind kind, int weight, string pattern) =>
        new(kind, weight, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled));

    static readonly Sign[] Signs =
    [
        // Database migrations: EF Core, Flyway, Liquibase, Alembic, Django, Rails, Prisma, Knex, goose, sqlx.
        S(FixTaskKind.DatabaseMigration, Cause,
            @"FlywayException|flyway.*(failed|error)|Migration .* failed|Validate failed: Migrations|checksum mismatch for migration|liquibase.*(error|fail)" +
            @"|alembic\.(util\.exc|script)|Can't locate revision|alembic.*(error|failed)|InconsistentMigrationHistory|django\.db\.migrations" +
            @"|Applying .*\.\.\.(?! OK)|rake aborted!.*|ActiveRecord::(PendingMigrationError|StatementInvalid|IrreversibleMigration)|P30\d\d" +
            @"|knex.*migrat.*(fail|error)|migration file .* failed|goose: .*(error|failed)|error: while executing migration" +
            @"|Microsoft\.EntityFrameworkCore\.Migrations|PendingModelChangesWarning|database update failed|schema_migrations" +
            @"|migrations? (failed|error)|failed to (apply|run) migrations?|error during migration|check_consistent_history" +
            @"|Multiple head revisions are present" +
            // Creating what already exists: a migration applied twice or out of order.
            @"|relation "".*"" already exists|column "".*"" (of relation "".*"" )?already exists|duplicate column name|Table '.*' already exists" +
            @"|there is already an object named|ORA-00955|PG::Duplicate(Column|Table|Object)|\bDuplicate(Table|Column)\b"),
        S(FixTaskKind.DatabaseMigration, Symptom,
            @"relation "".*"" does not exist|column "".*"" (of relation "".*"" )?does not exist" +
            @"|Unknown column|violates (not-null|foreign key|unique) constraint" +
            // A migration command that ran: the failure after it is likely its own.
            @"|(manage\.py|django-admin) migrate|alembic upgrade|db:(migrate|prepare)|migration:run|prisma migrate|dotnet ef database update"),

        // Dependency resolution: npm/yarn/pnpm, pip/poetry, NuGet, Maven/Gradle, Go, Cargo, Bundler, Composer, apt.
        S(FixTaskKind.DependencyIssue, Cause,
            @"npm ERR! code (ERESOLVE|E404|ETARGET|ENOTFOUND|EINTEGRITY)|ERESOLVE (unable to resolve|could not resolve)|No matching version found for" +
            @"|npm ERR! 404|Couldn't find package|YN0001|ERR_PNPM_(NO_MATCHING_VERSION|FETCH_404|PEER_DEP)" +
            @"|Could not find a version that satisfies the requirement|No matching distribution found|ResolutionImpossible|SolverProblemError" +
            @"|Because .* depends on .* version solving failed|error NU1[0-9]{3}|Unable to find package|Unable to resolve dependency" +
            @"|Could not resolve dependencies for project|Could not find artifact|Could not resolve all (files|dependencies|artifacts) for configuration" +
            @"|Failed to collect dependencies|Could not resolve: |go: .*(module .* not found|unknown revision)|missing go\.sum entry" +
            @"|cannot find module providing package|failed to select a version for|no matching package named|Could not find gem" +
            @"|Bundler could not find compatible versions|Your requirements could not be resolved|Unable to locate package" +
            @"|E: Package '.*' has no installation candidate|Cannot find module '[^.\/][^']*'|ModuleNotFoundError: No module named" +
            @"|ImportError: cannot import name|Could not load file or assembly|version conflict|peer dep(endency)? (conflict|missing)" +
            @"|integrity checksum failed|Failed to download package|error NU1301|Unable to load the service index for source" +
            // Gradle's unresolved coordinates ("> Could not find group:name:version"), Nix's package collisions.
            @"|> Could not find [\w.-]+:[\w.-]+:|collision between .* and |have the same priority"),

        // Configuration: missing or invalid settings, secrets, config maps.
        S(FixTaskKind.ConfigurationError, Cause,
            @"environment variables? .*(is not set|not set|is missing|missing|is required|required|must be set|undefined|empty|not found)" +
            @"|(missing|required) (environment variable|env var|configuration|config|setting|secret)|KeyError: '[A-Z][A-Z0-9_]+'|os\.environ\[" +
            @"|OptionsValidationException|ConfigurationErrorsException|InvalidConfigurationException|Invalid configuration|configuration (is )?invalid" +
            @"|CreateContainerConfigError|(configmaps?|secrets?) "".*"" not found|Could not resolve placeholder" +
            @"|config(uration)? variable .* is not (defined|set)" +
            @"|status=203/EXEC|couldn't find key .* in (ConfigMap|Secret)|No connection string named" +
            @"|connection string .*(not found|missing|empty|null)|Format of the initialization string does not conform|is required but was not provided" +
            @"|must be set|undefined variable|field required.*\n?|validation errors? for \w*(Settings|Config)\b|Could not load configuration" +
            @"|Unknown configuration (key|option)|error (loading|parsing|reading) (config|configuration|yaml|settings)|yaml: (line \d+|unmarshal errors)" +
            @"|Failed to bind properties under|invalid value .* for (flag|setting|option)|ValueError: invalid literal .* (PORT|TIMEOUT)" +
            @"|Config value .* (missing|not found)|not configured" +
            // A variable named as the shell names it: "DATABASE_URL is not set".
            @"|\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+ (is )?(not set|missing|undefined|empty)\b"),

        // Crashes: out of memory, signals, panics, unhandled exceptions, crash loops.
        S(FixTaskKind.ServiceCrash, Cause,
            @"OOMKilled|Out ?of ?memory|OutOfMemoryError|heap out of memory|Cannot allocate memory|Killed process \d+|at=panic" +
            @"|segmentation fault|SIGSEGV|SIGABRT|core dumped|\bpanic: |goroutine \d+ \[running\]|fatal error: (runtime|concurrent map)|Unhandled exception" +
            @"|StackOverflowException|stack overflow|terminate called after throwing|UnhandledPromiseRejection|uncaught exception|Fatal Python error" +
            @"|Process terminated\.|has exited, failing site start"),
        S(FixTaskKind.ServiceCrash, Symptom,
            @"CrashLoopBackOff|Back-off restarting failed container|exited with code [1-9]\d*|Error: .*exited unexpectedly|container .* (terminated|exited)" +
            @"|restarting \(\d+\)|Traceback \(most recent call last\)|Exception in thread ""main""|Application startup exception|Host terminated unexpectedly" +
            @"|exit(ed)? (with )?(code|status) 137|Exit Code:\s*[1-9]\d*|Main process exited, code=exited|Failed with result 'exit-code'" +
            @"|Control process exited|State changed from \w+ to crashed|exited: .* \(exit status \d+; not expected\)|code=H10 desc=""App crashed""" +
            @"|Process has crashed with type|instances? (have|has) crashed|\(\d+ crashed\)|Active: (failed|inactive \(dead\))"),

        // Health checks: probes, health endpoints, smoke checks.
        S(FixTaskKind.HealthCheckFailure, Cause,
            @"(Readiness|Liveness|Startup) probe failed|health ?check(s)? (failed|timed out|did not pass)|is unhealthy|unhealthy (target|instance|container)" +
            @"|did not become (healthy|ready)|/(health|healthz|ready|readyz|livez|status)\b.*\b(50[0-4]|timed out|refused)|smoke tests? failed" +
            @"|Expected status 200 but (got|was)|failed to start and (then )?listen on the port|is not ready and cannot serve traffic" +
            @"|Container failed to start" +
            @"|Error R10 \(Boot timeout\)|failed to bind to \$PORT|didn't respond to HTTP pings|did not start within expected time limit" +
            @"|timeout reached waiting for health ?checks|health checks? failing|HealthCheckContainerError"),
        S(FixTaskKind.HealthCheckFailure, Symptom,
            @"curl: \((6|7|22|28|52|56)\)|Connection refused|connect ECONNREFUSED|status code (500|502|503|504)|503 Service Unavailable|502 Bad Gateway" +
            @"|upstream connect error|waiting for .* to become ready|HTTP/\d(\.\d)? 50[0-4]"),

        // Deployment machinery: Helm, kubectl rollouts, images, cloud permissions, quotas, Terraform.
        S(FixTaskKind.DeploymentError, Cause,
            @"ImagePullBackOff|ErrImagePull|manifest (for .* )?unknown|pull access denied|FailedScheduling|Insufficient (cpu|memory)|exceeded quota" +
            // An HTTP client's "401 (Unauthorized)" (a package feed) and Python's dotted "x.ValidationError" are not the platform refusing.
            @"|quota exceeded|AccessDenied|is not authorized to perform|Forbidden: |(?<!\b40[13] \()Unauthorized|no space left on device" +
            @"|another operation \(install/upgrade/rollback\) is in progress|field is immutable|admission webhook .* denied|error validating data" +
            @"|Error: (creating|updating|deleting) .*: |terraform.*Error:|Error acquiring the state lock|^\W*[│╷]\s*Error: " +
            @"|InvalidParameterException|\bValidationException\b|(?<![\w.])ValidationError\b" +
            @"|The stack named .* failed|ROLLBACK_COMPLETE|CREATE_FAILED|UPDATE_FAILED" +
            @"|❌ .* failed|Circuit Breaker was triggered|Push rejected, failed to compile|Slug compilation failed"),
        S(FixTaskKind.DeploymentError, Symptom,
            @"UPGRADE FAILED|INSTALLATION FAILED|ProgressDeadlineExceeded|exceeded its progress deadline|timed out waiting for the condition" +
            @"|rollout status .* (failed|timed out)|error: deployment "".*"" exceeded|Deployment failed|deploy(ment)? failed" +
            @"|Resource is not in the state servicesStable|Error applying plan|failed to push some refs"),
    ];

    /// <summary>Hints from the job and step names: the job that failed says what it was doing.</summary>
    static readonly Sign[] NameHints =
    [
        S(FixTaskKind.DatabaseMigration, Cause, @"migrat|flyway|alembic|liquibase|db[-_ ]?(update|upgrade|schema)"),
        S(FixTaskKind.DependencyIssue, Hint, @"install|restore|dependencies|resolve"),
        S(FixTaskKind.HealthCheckFailure, Hint, @"health|smoke|probe|readiness|verify"),
    ];

    /// <summary>The kind with the strongest sign wins (a cause over any number of symptoms), then the one with more signs, then the one
    /// whose strongest sign comes first (logs run in time order: the cause before its consequences), then the more specific kind.</summary>
    static readonly FixTaskKind[] Precedence =
    [
        FixTaskKind.DatabaseMigration, FixTaskKind.DependencyIssue, FixTaskKind.ConfigurationError,
        FixTaskKind.ServiceCrash, FixTaskKind.HealthCheckFailure, FixTaskKind.DeploymentError,
    ];

    public static Classification Classify(string jobName, string? stepName, string log, DeployStage stage)
    {
        var lines = log.Replace("\r\n", "\n").Split('\n');
        var scores = Precedence.ToDictionary(k => k, _ => 0);
        var strongest = Precedence.ToDictionary(k => k, _ => 0);
        var matches = Precedence.ToDictionary(k => k, _ => new List<(int Line, int Weight)>());

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Length > MaxScannedLineLength ? lines[i][..MaxScannedLineLength] : lines[i];
            foreach (var kind in Precedence)
            {
                var best = Signs.Where(s => s.Kind == kind && s.Pattern.IsMatch(line)).Select(s => s.Weight).DefaultIfEmpty(0).Max();
                if (best == 0) continue;
                scores[kind] += best;
                strongest[kind] = Math.Max(strongest[kind], best);
                matches[kind].Add((i, best));
            }
        }
        var fromLog = scores.Values.Max();
        foreach (var name in new[] { jobName, stepName })
            foreach (var hint in NameHints.Where(h => name is not null && h.Pattern.IsMatch(name)))
            {
                scores[hint.Kind] += hint.Weight;
                strongest[hint.Kind] = Math.Max(strongest[hint.Kind], hint.Weight);
            }
        if (stage == DeployStage.HealthCheck)
        {
            scores[FixTaskKind.HealthCheckFailure] += Hint;
            strongest[FixTaskKind.HealthCheckFailure] = Math.Max(strongest[FixTaskKind.HealthCheckFailure], Hint);
        }

        var top = scores.Values.Max();
        var kindFound = top == 0
            ? stage == DeployStage.HealthCheck ? FixTaskKind.HealthCheckFailure : FixTaskKind.DeploymentError
            : Precedence.OrderByDescending(k => strongest[k]).ThenByDescending(k => scores[k]).ThenBy(k => FirstStrongest(matches[k])).First();
        var signs = matches[kindFound];
        var causal = CausalLine(lines, signs);
        var rivals = Precedence.Where(k => k != kindFound && strongest[k] == strongest[kindFound]).ToList();
        var confidence = fromLog == 0 || signs.Count == 0 ? ClassificationConfidence.Low
            : strongest[kindFound] >= Cause && rivals.Count == 0 ? ClassificationConfidence.High
            : ClassificationConfidence.Medium;
        var service = ServiceAttribution.Named(lines, causal) ?? ServiceAttribution.FromJob(jobName);
        return new Classification(kindFound, service, LogExcerpt.Around(lines, causal, signs.Select(s => s.Line)),
            LogExcerpt.Line(lines, causal), confidence);
    }

    /// <summary>The first line with the strongest sign of the kind found; with none, the first line that says error (what follows is
    /// mostly its consequences), else the last line.</summary>
    static int CausalLine(string[] lines, List<(int Line, int Weight)> signs)
    {
        if (signs.Count > 0) return FirstStrongest(signs);
        var error = Array.FindIndex(lines, l => ErrorWord().IsMatch(l));
        return error >= 0 ? error : Math.Max(Array.FindLastIndex(lines, l => l.Trim().Length > 0), 0);
    }

    static int FirstStrongest(List<(int Line, int Weight)> signs) =>
        signs.Count == 0 ? int.MaxValue : signs.First(s => s.Weight == signs.Max(x => x.Weight)).Line;

    [GeneratedRegex(@"\b(error|fatal|failed|failure|exception)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWord();
}
