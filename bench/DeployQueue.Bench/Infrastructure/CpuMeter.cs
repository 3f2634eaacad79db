using System.Diagnostics;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>CPU used during a measurement, in cores: by this process (service hosts, simulators, bench client) and
/// by the whole machine (the broker and PostgreSQL included), from /proc/stat.</summary>
public sealed class CpuMeter
{
    readonly TimeSpan processStart = Process.GetCurrentProcess().TotalProcessorTime;
    readonly (long Busy, long Total) machineStart = MachineTicks();
    readonly long started = Stopwatch.GetTimestamp();

    public (double ProcessCores, double MachineCores) Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - processStart).TotalSeconds / elapsed;
        var (busy, total) = MachineTicks();
        var machine = total == machineStart.Total ? 0 : (double)(busy - machineStart.Busy) / (total - machineStart.Total) * Environment.ProcessorCount;
        return (process, machine);
    }

    static (long Busy, long Total) MachineTicks()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }
}
