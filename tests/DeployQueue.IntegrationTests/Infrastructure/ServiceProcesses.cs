namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>
/// Instances of the service as processes of their own on an <see cref="EndToEndSystem"/>'s settings: started ready or
/// failing the test, their output written to the test's when it fails, all killed at the end.
/// </summary>
public sealed class ServiceProcesses(EndToEndSystem system) : IAsyncDisposable
{
    // The HTTP server listens once the bus has started (every endpoint declared and consuming): on a two-core machine at a load
    // of 30 (CI's, shared) that took longer than 30 s at times, and under a burst the endpoints started first take the CPU.
    static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    // The service lets messages in flight finish for up to 30 s after SIGTERM.
    static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(45);

    readonly List<ServiceProcess> _running = [];

    public ServiceProcess this[int index] => _running[index];

    /// <summary>The instances now running (one restarted in place counts once).</summary>
    public IReadOnlyList<ServiceProcess> Running => _running;

    /// <summary>One more instance, once it answers ready; <paramref name="clockShift"/> as in <see cref="ServiceProcess.Start"/>.</summary>
    public async Task<ServiceProcess> Start(TimeSpan? clockShift = null)
    {
        var service = ServiceProcess.Start(system.EnvironmentVariables, clockShift: clockShift);
        _running.Add(service);
        await AssertReady(service, "the service");
        return service;
    }

    /// <summary>Kills instance <paramref name="index"/> (SIGKILL) and starts another in its place, without waiting for it.</summary>
    public async Task KillAndRestart(int index)
    {
        await _running[index].Kill();
        await _running[index].DisposeAsync();
        _running[index] = ServiceProcess.Start(system.EnvironmentVariables);
    }

    /// <summary>
    /// A rolling upgrade's step: stops instance <paramref name="index"/> with SIGTERM, as an orchestrator does, and once it
    /// has drained and exited starts another in its place and waits until it is ready; returns the drained one's exit code
    /// (null: it did not exit within its drain bound).
    /// </summary>
    public async Task<int?> DrainAndRestart(int index)
    {
        var exitCode = await _running[index].Stop(DrainBound);
        await _running[index].DisposeAsync();
        _running[index] = ServiceProcess.Start(system.EnvironmentVariables);
        await AssertReady(_running[index], "the restarted instance");
        return exitCode;
    }

    static async Task AssertReady(ServiceProcess service, string which)
    {
        if (!await service.WaitUntilReady(StartBound))
            Assert.Fail($"{which} never became ready within {StartBound.TotalSeconds:F0} s (/health/ready: {await service.Readiness()}):\n{service.Output}");
    }

    /// <summary>Each instance's output, for a failing test's report.</summary>
    public void WriteOutputs()
    {
        foreach (var service in _running)
            TestContext.Out.WriteLine($"--- service {service.Process.Id}:\n{service.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _running)
            await service.DisposeAsync();
    }
}
