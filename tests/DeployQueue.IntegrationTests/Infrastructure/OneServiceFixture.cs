namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A fixture whose tests share one <see cref="EndToEndSystem"/> with one service instance, ready before the first test.</summary>
public abstract class OneServiceFixture
{
    protected EndToEndSystem World { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create();
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await World.DisposeAsync();
}
