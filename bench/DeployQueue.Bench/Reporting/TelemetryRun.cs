namespace DeployQueue.Bench.Reporting;

/// <summary>One burst of deploys through one service process, OpenTelemetry on or off.</summary>
/// <param name="ServiceCpuMsPerDeploy">The service process's CPU (user + system) over the burst, per deploy succeeded.</param>
/// <param name="ServiceCores">The service process's CPU over the burst, in cores.</param>
/// <param name="Cpu">The machine over the burst; the bench process is the client and the simulators, not the service, whose
/// CPU is in the machine's: <see cref="OtherCores"/> leaves it out.</param>
public sealed record TelemetryRun(bool On, int Deploys, int Succeeded, int NotFinished, double Seconds, double DeploysPerSecond,
    double ServiceCpuMsPerDeploy, double ServiceCores, CpuUse Cpu, GitHubCost GitHub)
{
    public double OtherCores => Math.Max(0, Cpu.OtherCores - ServiceCores);
}
