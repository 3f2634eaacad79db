using System.Diagnostics;

namespace DeployQueue.Cli.Tests;

/// <summary>Runs the built `deployq` as a person would, and returns what it printed.</summary>
static class Deployq
{
    public sealed record Run(int ExitCode, string Output);

    public static async Task<Run> Execute(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deployq.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["COLUMNS"] = "200";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"deployq {string.Join(' ', arguments)} did not finish within {timeout}:\n{await output}{await errors}");
        }
        return new Run(process.ExitCode, await output + await errors);
    }
}
