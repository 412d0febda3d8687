using Credo.Web.Features.Demo;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Credo.Web.Tests.Browser;

/// <summary>The demo loaded into its own app on a loopback Kestrel port, for a walk in the collection's Chromium.</summary>
public sealed class PhoneDemo : IAsyncLifetime
{
    public CredoApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseAddress = KestrelStart.Start(App, App.Log);
        await DemoSeeder.LoadAsync(App.Services, new DemoOptions(), null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Issue 12 §4, at a phone's width: walking the demo's Team pages in a 390 px window (one page of each shape, as
/// <see cref="TeamPagesWalkTests"/> finds them, htmx panels loaded), no page is wider than the window. A wide table
/// scrolls in its own box; long words wrap in their column. A failure names the elements that stick out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthWalkTests(BrowserApp browser, PhoneDemo demo, ITestOutputHelper output) : IClassFixture<PhoneDemo>
{
    private const int MaxPages = 70;

    private const string Measure = """
        () => {
            const vw = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
            if (sw <= vw + 1) return null;
            const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
            const sticks = e => e.getBoundingClientRect().right > vw + 1 && !clipped(e);
            const out = [...document.body.querySelectorAll('*')].filter(e => sticks(e) && !sticks(e.parentElement)).slice(0, 4)
                .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''} ("${e.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}") ends at ${Math.round(e.getBoundingClientRect().right)} px`);
            return `${sw} px wide in a ${vw} px window; sticking out: ${out.join('; ')}`;
        }
        """;

    [Fact]
    public async Task No_team_page_of_the_demo_is_wider_than_a_phone()
    {
        var (email, password) = await PageSession.StaffUser(demo.App, "Admin", "Phone Admin");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserApp.SignIn(page, email, password);

        var problems = new List<string>();
        var shapes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(["/team", "/team/customers", "/team/imports/mappings"]);
        var read = 0;
        while (queue.Count > 0 && read < MaxPages)
        {
            var url = queue.Dequeue();
            if (!shapes.Add(TeamPagesWalkTests.Shape(url)))
            {
                continue;
            }

            var response = await page.GotoAsync(url);
            if (response is null || !response.Ok || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
            {
                continue;
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            read++;
            if (await page.EvaluateAsync<string?>(Measure) is { } wide)
            {
                problems.Add($"{url}: {wide} ({await BrowserApp.Screenshot(page, "phone-" + read + ".png")})");
            }

            foreach (var link in TeamPagesWalkTests.Links(await page.ContentAsync()))
            {
                queue.Enqueue(link);
            }
        }

        output.WriteLine($"{read} pages read at 390 px");
        Assert.True(read > 25, $"only {read} pages read");
        Assert.True(problems.Count == 0, $"{problems.Count} of {read} pages are wider than a phone:\n" + string.Join("\n", problems));
    }
}
