using System.Diagnostics;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// CPU used during a measurement, in cores: by this process (service hosts, simulators, bench client), by the broker
/// and PostgreSQL (every beam.smp and postgres process), and by the whole machine, from /proc. What the machine used
/// beyond those three is someone else's load, which makes the run's figures lower than a quiet machine's.
/// </summary>
public sealed class CpuMeter
{
    static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    readonly TimeSpan processStart = Process.GetCurrentProcess().TotalProcessorTime;
    readonly long servicesStart = ServiceTicks();
    readonly (long Busy, long Total) machineStart = MachineTicks();
    readonly long started = Stopwatch.GetTimestamp();

    public Reporting.CpuUse Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - processStart).TotalSeconds / elapsed;
        var services = (ServiceTicks() - servicesStart) / TicksPerSecond / elapsed;
        var (busy, total) = MachineTicks();
        var machine = total == machineStart.Total ? 0 : (double)(busy - machineStart.Busy) / (total - machineStart.Total) * Environment.ProcessorCount;
        return new Reporting.CpuUse(process, services, machine);
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

    /// <summary>utime + stime of the broker's and the database's processes.</summary>
    static long ServiceTicks()
    {
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                if (name is not ("beam.smp" or "postgres")) continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // Not a process, or it ended while being read.
            }
        }
        return ticks;
    }
}
