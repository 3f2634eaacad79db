namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>
/// Instances of the service as processes of their own on an <see cref="EndToEndSystem"/>'s settings: started ready or
/// failing the test, their output written to the test's when it fails, all killed at the end.
/// </summary>
public sealed class ServiceProcesses(EndToEndSystem system) : IAsyncDisposable
{
    static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);

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
        Assert.That(await service.WaitUntilReady(StartBound), Is.True, $"the service never became ready:\n{service.Output}");
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
        Assert.That(await _running[index].WaitUntilReady(StartBound), Is.True, $"the restarted instance never became ready:\n{_running[index].Output}");
        return exitCode;
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
