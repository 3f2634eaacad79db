namespace DeployQueue.Testing;

/// <summary>Waits for a condition with a bound, polling; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Short enough that a test waits little past its condition, long enough not to load what it polls.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>; returns the last value seen.</summary>
    public static async Task<T> Poll<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow >= deadline)
                return value;
            await Task.Delay(Interval);
        }
    }

    /// <summary>Polls as <see cref="Poll{T}"/> does, and throws when <paramref name="done"/> never held within <paramref name="bound"/>.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan bound, string what)
    {
        var value = await Poll(probe, done, bound);
        return done(value) ? value : throw new TimeoutException($"Not within {bound}: {what} (last seen: {value})");
    }
}
