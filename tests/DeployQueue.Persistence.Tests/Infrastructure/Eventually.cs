namespace DeployQueue.Persistence.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Probes until <paramref name="done"/> holds, failing after <paramref name="bound"/>; returns the last probe.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Not within {bound}: {what} (last seen: {value})");
            await Task.Delay(50);
        }
    }
}
