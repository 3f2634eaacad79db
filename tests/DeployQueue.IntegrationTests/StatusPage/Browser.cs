using Microsoft.Playwright;

namespace DeployQueue.IntegrationTests.StatusPage;

/// <summary>
/// Debian's chromium (scripts/services.sh installs it) driven by Playwright's driver, which ships inside the package and
/// runs offline; Playwright's own browser download is never used.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    readonly IPlaywright _playwright;
    readonly IBrowser _chromium;

    Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        _chromium = chromium;
    }

    public static async Task<Browser> Launch()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: scripts/services.sh installs Debian's chromium");
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        return new Browser(playwright, chromium);
    }

    /// <summary>A person at a browser of their own: no cookie of anybody else's.</summary>
    public async Task<IPage> NewVisitor(Uri baseUrl)
    {
        var context = await _chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _chromium.CloseAsync();
        _playwright.Dispose();
    }
}
