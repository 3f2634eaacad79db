namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// The service process notices that its own binaries changed on disk (its new version was installed), drains and
/// exits with 0, so that its supervisor starts it again on the new code.
/// </summary>
[TestFixture]
public class BinaryChangeTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task The_service_exits_cleanly_when_its_binaries_change()
    {
        await using var database = await TestDatabase.Create();
        var installed = Directory.CreateTempSubdirectory("deployqueue-service-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(installed.FullName, Path.GetRelativePath(AppContext.BaseDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            await using var service = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = database.ConnectionString },
                installed.FullName);
            Assert.That(await service.WaitUntilReady(Bound), Is.True, service.Output);

            File.SetLastWriteTimeUtc(Path.Combine(installed.FullName, "DeployQueue.Domain.dll"), DateTime.UtcNow);

            using var exit = new CancellationTokenSource(Bound);
            await service.Process.WaitForExitAsync(exit.Token);
            Assert.Multiple(() =>
            {
                Assert.That(service.Process.ExitCode, Is.EqualTo(0));
                Assert.That(service.Output, Does.Contain("binaries changed on disk (DeployQueue.Domain.dll"));
            });
        }
        finally
        {
            installed.Delete(recursive: true);
        }
    }
}
