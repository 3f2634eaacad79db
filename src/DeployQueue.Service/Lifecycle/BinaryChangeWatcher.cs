namespace DeployQueue.Service.Lifecycle;

/// <summary>
/// Notices when the service's own binaries change on disk (a deploy of the Deploy Queue itself) and stops the
/// host the way SIGTERM does: no new messages are taken, those in flight finish, the process exits with 0, and
/// its supervisor starts it again on the new code.
/// </summary>
public sealed class BinaryChangeWatcher(IHostApplicationLifetime lifetime, ILogger<BinaryChangeWatcher> logger) : IHostedService, IDisposable
{
    FileSystemWatcher? _watcher;
    int _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher = new FileSystemWatcher(AppContext.BaseDirectory)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        foreach (var pattern in new[] { "*.dll", "*.exe", "appsettings.json" })
            _watcher.Filters.Add(pattern);
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
            _watcher.EnableRaisingEvents = false;
        return Task.CompletedTask;
    }

    void OnChanged(object sender, FileSystemEventArgs change)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
            return;
        logger.LogWarning("The service's binaries changed on disk ({File} {Change}): draining and exiting, to be restarted on the new code",
            change.Name, change.ChangeType);
        lifetime.StopApplication();
    }

    public void Dispose() => _watcher?.Dispose();
}
