using Microsoft.Playwright;
using OrleansChat.Tests.WebFront;
using static Microsoft.Playwright.Assertions;

namespace OrleansChat.Tests.Browser;

/// <summary>The Orleans Dashboard in Chromium, as an operator opens it on a Production front end with the credential.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardUiTests(BrowserFixture fixture)
{
    /// <summary>Every run's picture of the dashboard, in the artifacts (a picture differs at every run: it is not kept in git).</summary>
    private static readonly string Screenshot = Artifacts.PathOf("dashboard.png");

    /// <summary>The README's picture, rewritten from the run's only when <c>CHAT_UPDATE_DOCS_IMAGES=1</c>.</summary>
    private static readonly string DocsImage = Path.Combine(Artifacts.RepositoryRoot, "docs", "images", "dashboard.png");

    [Fact]
    public async Task Dashboard_OperatorWithCredential_SeesTheClustersSilos_ScreenshotWritten()
    {
        // A cluster of its own (two co-hosted silos) with some chat in it, so the picture shows a cluster at work.
        await using var first = await WebFrontServer.StartAsync(DashboardFixture.Settings);
        await using var second = await WebFrontServer.StartAsync(DashboardFixture.Settings, joining: first);
        await using (var alice = await first.ConnectAsync())
        await using (var bob = await second.ConnectAsync())
        {
            await alice.JoinAsync("general");
            await bob.JoinAsync("general");
            await alice.SendMessageAsync("general", "Is the dashboard up?");
            await bob.SendMessageAsync("general", "Both silos are on it.");
        }
        await using var operatorPage = await fixture.NewPageAsync(
            viewport: new() { Width = 1400, Height = 900 },
            credentials: new() { Username = DashboardFixture.Username, Password = DashboardFixture.Password });
        var page = operatorPage.Page;

        var response = await page.GotoAsync(new Uri(first.BaseUri, "/dashboard/#/silos").ToString());

        Assert.Equal(200, response?.Status);
        await Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        foreach (var silo in new[] { first.FrontEndId, second.FrontEndId })
        {
            await Expect(page.Locator($"a[href='#/host/{silo}']").First).ToBeVisibleAsync();
        }
        await Expect(page.GetByText("Active Silos").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(Screenshot).Length > 10_000, $"{Screenshot} looks empty");
        if (Environment.GetEnvironmentVariable("CHAT_UPDATE_DOCS_IMAGES") == "1")
        {
            File.Copy(Screenshot, DocsImage, overwrite: true);
        }
    }
}
