using System.Diagnostics.Metrics;
using DeployQueue.Domain.Telemetry;
using MassTransit.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// OpenTelemetry as .NET and MassTransit users expect it: metrics of MassTransit's meter, the "DeployQueue" meter,
/// ASP.NET Core, HttpClient and the runtime, served on <c>/metrics</c> in Prometheus' format; traces of MassTransit
/// (every send, consume and saga step, context carried in the messages), the HTTP requests served and every HTTP call
/// made (GitHub, smoke checks). Both go to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the
/// other <c>OTEL_*</c> variables apply as usual). <c>Telemetry:Enabled</c> false turns all of it off;
/// <c>Telemetry:Traces</c> false only the traces, which are nearly all of its cost (bench/README.md, Telemetry).
/// </summary>
public static class ServiceTelemetry
{
    public const string ServiceName = "deploy-queue";
    public const string MetricsPath = "/metrics";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Telemetry:Enabled", true);

    public static void AddServiceTelemetry(this WebApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration))
            return;
        builder.Services.AddHostedService<LaneQueueMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DeployQueueMeter.Name, DiagnosticHeaders.DefaultListenerName)
                    .AddView(instrument => IsMassTransitInProgressCount(instrument) ? MetricStreamConfiguration.Drop : null)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter();
            });
        if (builder.Configuration.GetValue("Telemetry:Traces", true))
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(new WithoutOutboxSpans())
                    .AddSource(DiagnosticHeaders.DefaultListenerName)
                    // Probes and scrapes every few seconds would bury the deploys' traces.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
    }

    public static void MapMetricsEndpoint(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
            app.MapPrometheusScrapingEndpoint(MetricsPath);
    }

    /// <summary>MassTransit 8 counts the messages, consumers and saga steps in progress on monotonic counters it adds -1
    /// to: Prometheus reads a counter that goes down as a restart, so these series (<c>..._active_total</c>) mislead, and
    /// dropping them spares two measurements per message, consumer and saga step.</summary>
    static bool IsMassTransitInProgressCount(Instrument instrument) =>
        instrument.Meter.Name == DiagnosticHeaders.DefaultListenerName && instrument.Name.EndsWith(".active", StringComparison.Ordinal);

    static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);
}
