namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition with a bound, polling; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>; returns the last value seen.</summary>
    public static async Task<T> Poll<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow >= deadline)
                return value;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
