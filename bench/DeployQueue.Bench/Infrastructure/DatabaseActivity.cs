using System.Diagnostics;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// What the in-process service hosts asked of PostgreSQL, from EF Core's diagnostic events (sent whatever the log
/// level): commands executed (round trips), and optimistic concurrency conflicts (an update that lost to another
/// message for the same saga instance, which MassTransit's retry then runs again).
/// </summary>
public sealed class DatabaseActivity : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    const string EfCore = "Microsoft.EntityFrameworkCore";
    const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    const string ConcurrencyConflict = "Microsoft.EntityFrameworkCore.Update.OptimisticConcurrencyException";

    readonly IDisposable allListeners;
    readonly List<IDisposable> subscriptions = [];
    long commands;
    long conflicts;

    public DatabaseActivity() => allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref commands);
    public long Conflicts => Interlocked.Read(ref conflicts);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name != EfCore) return;
        lock (subscriptions)
            subscriptions.Add(listener.Subscribe(this, name => name is CommandExecuted or ConcurrencyConflict));
    }

    public void OnNext(KeyValuePair<string, object?> diagnostic)
    {
        if (diagnostic.Key == CommandExecuted) Interlocked.Increment(ref commands);
        else if (diagnostic.Key == ConcurrencyConflict) Interlocked.Increment(ref conflicts);
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        allListeners.Dispose();
        lock (subscriptions)
            subscriptions.ForEach(s => s.Dispose());
    }
}
