using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DeployQueue.Service.Logging;

/// <summary>
/// Serilog on the console: readable lines by default, compact JSON (one event per line, for log
/// collectors) when `Serilog:Json` is true. `Serilog:MinimumLevel` sets the level (Information by default).
/// </summary>
public static class ServiceLogging
{
    public static Serilog.ILogger CreateLogger(IConfiguration configuration)
    {
        var level = configuration.GetValue("Serilog:MinimumLevel", LogEventLevel.Information);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            // Framework chatter (one line per HTTP request, health probes included) only when something is wrong.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Warning)
            // A failed start is reported once, by ServiceHost, without the hosting stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .Enrich.FromLogContext();

        return configuration.GetValue("Serilog:Json", false)
            ? logger.WriteTo.Console(new CompactJsonFormatter()).CreateLogger()
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}").CreateLogger();
    }
}
