using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DeployQueue.Service.Logging;

/// <summary>
/// Serilog as its users configure it: the `Serilog` section (Serilog.Settings.Configuration: `MinimumLevel` with its
/// `Default` and `Override`s, `WriteTo`, `Enrich`, ...) over the project's defaults, which keep an idle instance
/// silent. Without sinks of its own the configuration writes to the console: readable lines, or compact JSON (one
/// event per line, for log collectors) when `Serilog:Json` is true. Either carries the trace id of the line's span
/// (`@tr` in JSON, at the end of a readable line), so a log line leads to its deploy's trace.
/// </summary>
public static class ServiceLogging
{
    const string ReadableLine = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}";

    public static Serilog.ILogger CreateLogger(IConfiguration configuration)
    {
        // Framework chatter (one line per HTTP request, health probe, SQL command or poll) only when something is wrong,
        // and never below the configured level (a demo or bench that asks for Error gets no framework warnings).
        var configured = configuration.GetValue<LogEventLevel?>("Serilog:MinimumLevel")
                         ?? configuration.GetValue<LogEventLevel?>("Serilog:MinimumLevel:Default") ?? LogEventLevel.Information;
        var chatter = configured > LogEventLevel.Warning ? configured : LogEventLevel.Warning;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", chatter)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", chatter)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", chatter)
            .MinimumLevel.Override("Npgsql", chatter)
            .MinimumLevel.Override("System.Net.Http.HttpClient", chatter)
            // A failed start is reported once, by ServiceHost, without the hosting stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .ReadFrom.Configuration(configuration);

        if (configuration.GetSection("Serilog:WriteTo").Exists())
            return logger.CreateLogger();
        return configuration.GetValue("Serilog:Json", false)
            ? logger.WriteTo.Console(new CompactJsonFormatter()).CreateLogger()
            : logger.WriteTo.Console(outputTemplate: ReadableLine).CreateLogger();
    }
}
