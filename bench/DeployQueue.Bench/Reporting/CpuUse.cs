namespace DeployQueue.Bench.Reporting;

/// <summary>CPU in cores (the machine has <see cref="Environment.ProcessorCount"/>): this process's, the broker's and
/// PostgreSQL's, and the whole machine's; the rest of the machine's is other load on it.</summary>
public sealed record CpuUse(double BenchProcessCores, double BrokerAndDatabaseCores, double MachineCores)
{
    public double OtherCores => Math.Max(0, MachineCores - BenchProcessCores - BrokerAndDatabaseCores);
}
