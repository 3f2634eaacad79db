using System.Text.RegularExpressions;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// The service a failed job's log names, as its deploy tooling prints it: a Kubernetes workload, pod (its hash
/// suffixes removed), container or image; a Helm release; a Docker Compose service; an ECS service or task
/// definition; a Lambda function; a Cloud Run, App Service, Heroku, Fly, Railway or Render app; a CloudFormation/CDK stack; a systemd
/// unit; a build module. A running unit outranks what it was made from (a release, an image, a module), and among
/// equals the one named nearest the causal line wins: a log may name several services, the one that broke is
/// usually named where it broke.
/// </summary>
public static partial class ServiceAttribution
{
    /// <summary>How directly a clue names the unit that failed: lower is more direct.</summary>
    enum Rank { Unit, Source, Module, Resource }

    sealed record Clue(Rank Rank, Regex Pattern, Func<string, string> Normalize);

    const string Name = @"(?<name>[A-Za-z0-9][A-Za-z0-9_.@-]*[A-Za-z0-9])";

    /// <summary>An app's name in its host name. It starts where a name can start: tried at every character of a long
    /// run of name characters, the host pattern would cost time squared in the run's length.</summary>
    const string HostName = @"(?<![a-z0-9-])(?<name>[a-z0-9][a-z0-9-]*)";

    static Clue C(Rank rank, string pattern, Func<string, string>? normalize = null) =>
        new(rank, new Regex(pattern.Replace("HOSTNAME", HostName).Replace("NAME", Name), RegexOptions.CultureInvariant | RegexOptions.Compiled),
            normalize ?? (n => n));

    static readonly Clue[] Clues =
    [
        // Kubernetes workloads and pods.
        C(Rank.Unit, @"(?<![\w/.-])(?i:deployments?|statefulsets?|daemonsets?|deploy|sts|ds)(?:\.apps|\.extensions)?/NAME", WithoutPodSuffix),
        C(Rank.Unit, @"(?i:\b(?:deployment|statefulset|daemonset|replicaset|rollout))(?:\.apps)? ""NAME""", WithoutPodSuffix),
        C(Rank.Unit, @"(?i:rollout status) (?:-\S+ )*(?i:deployment|deploy|statefulset|sts|daemonset) NAME", WithoutPodSuffix),
        // A Helm hook's pod ("failed post-install: pod x failed") is a job of the release, not the service.
        C(Rank.Unit, @"(?<!(?:pre|post)-(?:install|upgrade|delete|rollback): )\b(?i:pods?)(?:/| ""|"" ?| )(?:[a-z0-9-]+/)?NAME", WithoutPodSuffix),
        C(Rank.Unit, @"(?<![\w/.:-])(?i:services?|svc)/NAME"),
        C(Rank.Unit, @"\b(?:Created|Started|Stopping) container NAME"),
        C(Rank.Unit, @"\b(?<name>[a-z0-9][a-z0-9-]*-[bcdfghjklmnpqrstvwxz2-9]{6,10}-[bcdfghjklmnpqrstvwxz2-9]{5})\b", WithoutPodSuffix),
        C(Rank.Unit, @"(?i:\bcontainers? with unready status: )\[NAME", WithoutPodSuffix),
        C(Rank.Unit, @"(?i:failed container) ""?NAME""? in pod"),
        C(Rank.Unit, @"\bpod=NAME", WithoutPodSuffix),
        C(Rank.Unit, @"spec\.containers\{NAME\}"),
        C(Rank.Unit, @"(?i:container name): NAME"),
        C(Rank.Unit, @"failed to ""StartContainer"" for ""NAME"""),
        C(Rank.Unit, @"restarting failed container=NAME"),
        // Helm's --wait: "Deployment is not ready: namespace/name".
        C(Rank.Unit, @"(?:Deployment|StatefulSet|DaemonSet|Pod) is not ready: [\w-]+/NAME", WithoutPodSuffix),

        // Docker Compose: "web-1  | ..." (v2), "shop_web_1  | ..." (v1), and the engine's own words about a container.
        C(Rank.Unit, @"^\s*NAME(?:[-_]\d+\s+|\s{2,})\| ", WithoutReplicaNumber),
        C(Rank.Unit, @"(?i:\bcontainer) ""?NAME""? (?i:exited|is unhealthy|terminated|error|died|failed)", WithoutReplicaNumber),
        C(Rank.Unit, @"(?i:\bContainer) NAME\s+(?:Error|Unhealthy)\b", WithoutReplicaNumber),
        C(Rank.Unit, @"^\s*NAME exited with code \d+", WithoutReplicaNumber),
        C(Rank.Unit, @"(?i:container for service) ""NAME"""),
        C(Rank.Unit, @"docker[- ]compose (?:exec|run|up|start|restart|logs)(?: -\S+)* NAME"),
        C(Rank.Unit, @"(?i:\bservice) [""']NAME[""'] (?i:didn't complete successfully|failed to build|exited|is unhealthy|has neither)"),
        C(Rank.Unit, @"(?i:^ERROR: for) NAME\s", WithoutReplicaNumber),

        // ECS services.
        C(Rank.Unit, @"arn:aws:ecs:[^:\s]+:\d+:service/(?:[^/\s]+/)?NAME"),
        C(Rank.Unit, @"\((?i:service) NAME\)"),
        C(Rank.Unit, @"#/clusters/[^/\s]+/services/NAME"),
        C(Rank.Unit, @"(?i:\bECS service) [""']NAME"),
        C(Rank.Unit, @"(?:aws ecs|ecs[-_]deploy\w*) [\w-]+ [^\n]*?--service(?:-name)?[ =]NAME"),
        // The ECS API names the service it refused in quotes at the end of its error.
        C(Rank.Unit, @"(?:InvalidParameterException|ServiceNotFoundException|ServiceNotActiveException):[^""\n]*""NAME""\s*$"),
        // The ECS scheduler's event: "service x was unable to place a task".
        C(Rank.Unit, @"(?i:\bservice) \[?NAME\]?(?:\([^)\s]*\))? was unable to place a task"),

        // Lambda functions.
        C(Rank.Unit, @"arn:aws:lambda:[^:\s]+:\d+:function:NAME"),
        C(Rank.Unit, @"--function-name[ =]""?NAME"),
        C(Rank.Unit, @"(?i:Lambda Function) \(NAME\)"),

        // Cloud Run, App Service, Heroku, Fly, Railway, Render.
        C(Rank.Unit, @"(?i:Cloud Run service) \[NAME\]"),
        C(Rank.Unit, @"gcloud (?:beta )?run deploy NAME"),
        C(Rank.Unit, @"cloud_run_revision/service_name/NAME/"),
        C(Rank.Unit, @"(?i:\bRevision) '?(?<name>[a-z0-9-]+?)-\d{5}-[a-z0-9]{3}\b"),
        C(Rank.Unit, @"HOSTNAME(?:-[a-z0-9]{10})?(?:-[a-z0-9]{2,4})?\.a\.run\.app"),
        C(Rank.Unit, @"HOSTNAME\.(?:scm\.)?azurewebsites\.net"),
        C(Rank.Unit, @"(?i:Azure Web App|App Service|Web App) [""'](?<name>[A-Za-z0-9][\w-]*)[""']"),
        C(Rank.Unit, @"az webapp [^\n]*?(?:--name|-n) NAME"),
        C(Rank.Unit, @"(?i:Container) [\w-]+_\d+_[0-9a-f]+ for site NAME"),
        // App Service names a site's container "<site>_<instance>_<id>".
        C(Rank.Unit, @"(?i:\bContainer) (?<name>[A-Za-z0-9][\w.-]*?)_\d+_[0-9a-f]{8}"),
        C(Rank.Unit, @"(?i:Push rejected to) NAME"),
        C(Rank.Unit, @"heroku\.com[:/]\s?(?<name>[a-z0-9-]+)\.git"),
        C(Rank.Unit, @"HOSTNAME\.herokuapp\.com"),
        C(Rank.Unit, @"HOSTNAME\.fly\.dev"),
        C(Rank.Unit, @"(?:fly\.io|/v1)/apps/(?<name>[a-z0-9-]+)"),
        C(Rank.Unit, @"(?i:Updating existing machines in) '(?<name>[a-z0-9-]+)'"),
        C(Rank.Unit, @"(?:heroku|fly|flyctl) [^\n]*?(?:--app|-a)[ =]NAME"),
        // Cloud Foundry: cf push and the MTA deployer.
        C(Rank.Unit, @"(?i:(?:Error starting|Starting|Staging) application) ""NAME"""),
        C(Rank.Unit, @"(?<![a-z0-9-])(?<name>[a-z0-9][a-z0-9-]*?)(?:-production|-staging)?\.up\.railway\.app"),
        C(Rank.Unit, @"HOSTNAME\.onrender\.com"),

        // CloudFormation, CDK, SAM, Serverless.
        C(Rank.Unit, @"❌\s+NAME failed"),
        C(Rank.Unit, @"(?i:The stack named) NAME"),
        C(Rank.Unit, @"^\s*NAME \| \d+/\d+ \|"),
        C(Rank.Unit, @"arn:aws:cloudformation:[^:\s]+:\d+:stack/NAME/"),
        C(Rank.Unit, @"--stack-name[ =]""?NAME"),
        C(Rank.Unit, @"\b(?i:Stack) [""'\[]?NAME[""'\]]? (?i:failed|is in|has|could not|does not|rollback|\()"),

        // systemd units and supervisord programs.
        C(Rank.Unit, @"(?<![\w@.-])(?<name>[A-Za-z0-9][\w@.-]*)\.service(?::| )\s*(?:Main process exited|Failed with result|Start request repeated|" +
                     @"Control process exited|Failed to start|failed|entered failed state|start operation timed out)"),
        C(Rank.Unit, @"Job for (?<name>[\w@.-]+)\.service failed"),
        C(Rank.Unit, @"\bexited: NAME \(exit status"),
        C(Rank.Unit, @"^\s*[●×*]\s+NAME\.service - "),
        C(Rank.Unit, @"\bsystemctl (?:--\S+ )*(?:start|restart|status|reload) NAME", WithoutUnitSuffix),
        // Deploy tools that say which app they failed to roll out.
        C(Rank.Unit, @"(?i:Failed to (?:install|deploy|upgrade|start) (?:app|application|service)) NAME"),

        // What the unit was made from: Helm releases, images, task definitions, app names in logfmt.
        C(Rank.Source, @"(?i:\brelease) ""NAME"""),
        C(Rank.Source, @"(?i:Upgrade) ""NAME"" failed"),
        C(Rank.Source, @"(?i:(?:UPGRADE|INSTALLATION) FAILED:) (?i:release )?""?NAME""? (?:failed|has|is)"),
        C(Rank.Source, @"(?i:for release) NAME\b"),
        C(Rank.Source, @"(?i:\brelease) NAME failed\b"),
        C(Rank.Source, @"\brelease=NAME"),
        C(Rank.Source, @"(?i:\brelease name):? ['""]?NAME"),
        C(Rank.Source, @"helm (?:upgrade|install)\s+(?:--install\s+)?(?:(?:--?[\w-]+(?:[= ][^\s-]\S*)?)\s+)*?NAME\s+(?:[./~\w-]+/|oci:|\S+\.tgz)"),
        C(Rank.Source, @"(?i:image) ""(?<name>[^""\s]+)""", ImageName),
        C(Rank.Source, @"task-definition/NAME:\d+"),
        C(Rank.Source, @"(?i:task definition)(?: to)?:? NAME:\d+"),
        C(Rank.Source, @"""family"": ""NAME"""),
        C(Rank.Source, @"(?<![\w/.:-])(?:service|app|application)[=:] ?""?(?<name>[a-z0-9][\w.-]*[a-z0-9])"),
        // A resource's own name is more specific than the module holding it.
        C(Rank.Source, @"\b(?:" + ServiceResources + @")\.NAME"),
        C(Rank.Source, @"\bmodule\.(?<name>[\w-]+)\.(?:" + ServiceResources + @")\."),
        C(Rank.Source, @"^\s*(?:=> )?(?:ERROR )?\[(?<name>[\w.-]+) [\w.-]+ \d+/\d+\]"),

        // Build modules.
        C(Rank.Module, @"\bon project NAME:"),
        C(Rank.Module, @"Execution failed for task ':(?<name>[\w-]+):"),
        C(Rank.Module, @"^> Task :(?<name>[\w-]+):\w+ FAILED"),
        C(Rank.Module, @"^> NAME@\d+\.\d+\.\d+\S* [\w:.-]+\s*$"),
        C(Rank.Module, @"npm (?:ERR!|error) (?:Failed at the )?NAME@\d+\.\d+\.\d+"),
        C(Rank.Module, @"[/\\](?<name>[\w.-]+)\.(?:cs|fs|vb)proj\b"),
        C(Rank.Module, @"with module\.(?<name>[\w-]+)\."),

        // Terraform resources: a name, but often a generic one.
        C(Rank.Resource, @"with [a-z0-9]+_[a-z0-9_]+\.(?<name>[\w-]+)[,\s]"),
    ];

    /// <summary>Terraform resource types that are a service of their own.</summary>
    const string ServiceResources = @"aws_ecs_service|aws_ecs_task_definition|aws_lambda_function|google_cloud_run_(?:v2_)?service|" +
                                    @"azurerm_(?:linux_|windows_)?web_app|azurerm_container_app|kubernetes_deployment(?:_v1)?|helm_release";

    static readonly HashSet<string> NotAName = new(StringComparer.OrdinalIgnoreCase)
    {
        "failed", "error", "is", "the", "this", "main", "default", "to", "of", "in", "and", "status", "rollout", "deployment", "deployments",
        "service", "services", "pod", "pods", "container", "containers", "image", "release", "stack", "true", "false", "null", "none",
        "unknown", "name", "new", "old", "with", "has", "was", "for", "exited", "kube-system", "it", "that", "are", "from", "not",
        "www", "localhost", "example", "undefined", "docker", "latest", "main.tf", "is-not", "successfully",
    };

    /// <summary>The service the log names, or null; <paramref name="causalLine"/> (an index into the lines) breaks ties.</summary>
    public static string? Named(IReadOnlyList<string> lines, int causalLine)
    {
        (Rank Rank, int Distance, string Name)? best = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Length > 2000 ? lines[i][..2000] : lines[i];
            foreach (var clue in Clues)
            {
                if (best is { } b && clue.Rank > b.Rank) break;
                foreach (Match match in clue.Pattern.Matches(line))
                {
                    var name = clue.Normalize(match.Groups["name"].Value).Trim('.', '-', '_');
                    if (name.Length < 2 || NotAName.Contains(name) || name.All(char.IsDigit) || ContainerId().IsMatch(name)) continue;
                    var candidate = (clue.Rank, Math.Abs(i - causalLine), name);
                    if (best is null || candidate.Rank < best.Value.Rank
                        || (candidate.Rank == best.Value.Rank && candidate.Item2 < best.Value.Distance))
                        best = candidate;
                }
            }
        }
        return best?.Name;
    }

    /// <summary>The job, when its name says more than what it does ("deploy-orders-api", "deploy (catalog)").</summary>
    public static string? FromJob(string jobName)
    {
        if (MatrixValue().Match(jobName) is { Success: true } matrix) return matrix.Groups[1].Value.Trim();
        var words = JobWords().Split(jobName).Where(w => w.Length > 0 && !GenericJobWords.Contains(w.ToLowerInvariant())).ToList();
        return words.Count == 0 ? null : string.Join('-', words);
    }

    static readonly HashSet<string> GenericJobWords =
        ["deploy", "deployment", "build", "test", "tests", "health", "check", "healthcheck", "smoke", "startup", "start", "migrate",
         "migrations", "migration", "db", "release", "rollout", "verify", "install", "job", "ci", "cd", "production", "staging", "prod", "to", "and",
         "upgrade", "image", "docker", "post", "pre", "checks", "run", "wait", "for"];

    /// <summary>"orders-7d9f8c6b5d-x2x7q" → "orders", "orders-7d9f8c6b5d" → "orders", "db-0" → "db"; the kubelet's
    /// "pod_namespace" loses its namespace (Kubernetes names have no "_").</summary>
    static string WithoutPodSuffix(string name) => PodSuffix().Replace(name.Split('_')[0], "");

    /// <summary>"orders.service" → "orders".</summary>
    static string WithoutUnitSuffix(string name) => name.EndsWith(".service", StringComparison.Ordinal) ? name[..^".service".Length] : name;

    /// <summary>"web-1", "shop_web_1" → "web", "shop_web".</summary>
    static string WithoutReplicaNumber(string name) => ReplicaNumber().Replace(name, "");

    /// <summary>"registry.example/team/orders-api:1.2@sha256:..." → "orders-api".</summary>
    static string ImageName(string image)
    {
        var path = image.Split('@')[0];
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.Split(':')[0];
    }

    [GeneratedRegex(@"(?:-[bcdfghjklmnpqrstvwxz2-9]{6,10})?-[bcdfghjklmnpqrstvwxz2-9]{5}$|-[bcdfghjklmnpqrstvwxz2-9]{8,10}$|-\d+-[a-z0-9]{5}$|-\d+$")]
    private static partial Regex PodSuffix();

    /// <summary>A container's id ("912cb21d513d"), which names no service.</summary>
    [GeneratedRegex(@"^[0-9a-f]{12,64}$")]
    private static partial Regex ContainerId();

    [GeneratedRegex(@"[-_]\d+$")]
    private static partial Regex ReplicaNumber();

    [GeneratedRegex(@"\(([^,)]+)\)")]
    private static partial Regex MatrixValue();

    [GeneratedRegex(@"[\s_/:-]+")]
    private static partial Regex JobWords();
}
