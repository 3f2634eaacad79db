using System.Net;
using System.Net.Http.Headers;
using DeployQueue.IntegrationTests.Infrastructure;

namespace DeployQueue.IntegrationTests.StatusPage;

/// <summary>
/// <c>DeployQueue:Api:RequireTokenToRead</c>: neither the API nor the page shows anything without the token; the page
/// asks for it, and once typed it is kept in the page's cookie.
/// </summary>
[TestFixture]
public class ReadTokenTests
{
    const string ApiToken = "status-read-test-token";

    [Test]
    public async Task With_a_token_required_to_read_nothing_shows_without_it_and_the_page_shows_once_it_is_typed()
    {
        await using var system = await EndToEndSystem.Create(settings: new Dictionary<string, string?>
        {
            ["DeployQueue:Api:Token"] = ApiToken,
            ["DeployQueue:Api:RequireTokenToRead"] = "true",
        });
        var service = await system.StartService();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = service.Http.BaseAddress };

        using var anonymousApi = await browser.GetAsync("/api/deploys");
        using var authorizedApi = new HttpRequestMessage(HttpMethod.Get, "/api/deploys")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ApiToken) },
        };
        using var withToken = await browser.SendAsync(authorizedApi);
        using var anonymousPage = await browser.GetAsync("/");
        var askingPage = await anonymousPage.Content.ReadAsStringAsync();
        using var wrongToken = await browser.PostAsync("/token", new FormUrlEncodedContent([new("token", "not-the-token")]));
        using var typedToken = await browser.PostAsync("/token", new FormUrlEncodedContent([new("token", ApiToken)]));
        var shownPage = await typedToken.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(anonymousApi.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the API without the token");
            Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the API with the token");
            Assert.That(anonymousPage.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the page without the token");
            Assert.That(askingPage, Does.Contain("Reading this page needs the API token").And.Not.Contain("<h2>Lanes</h2>"));
            Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a wrong token typed into the page");
            Assert.That(typedToken.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the token typed: redirected to the page, read with its cookie");
            Assert.That(shownPage, Does.Contain("<h2>Lanes</h2>"));
            Assert.That(cookies.GetAllCookies().Select(c => c.Value), Does.Not.Contain("not-the-token"), "a wrong token is not kept");
        });
    }
}
