using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Portal;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// Issue 16 §8, at phone size (390 wide): a buyer signs in, sees limit and available credit, pays two invoices by card
/// through the Stripe stand-in (a loopback server for Stripe's API, and a Stripe.js stand-in served in place of
/// js.stripe.com by the browser's routing: nothing leaves the machine), sees the balance fall, promises to pay and
/// disputes the third (the collectors get the case), asks a question and downloads the statement PDF. The menu folds
/// behind a button and no page scrolls sideways. Screenshots of each step are kept under TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalJourneyBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task A_buyer_on_a_phone_pays_two_invoices_by_card_disputes_the_third_promises_asks_and_downloads_the_statement()
    {
        await using var stripe = await StripeStandIn.Start();
        await using var host = PayingHost(stripe);
        var server = KestrelStart.Start(host, browser.App.Log);
        stripe.Webhooks = (new HttpClient { BaseAddress = server }, "/api/portal/payments/stripe/events", () => host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        var world = await PortalHttp.World(browser.App, server, role: "pay");
        using var staff = new HttpClient { BaseAddress = server }; // the started app answers over Kestrel only
        staff.DefaultRequestHeaders.Add("X-Api-Key", await browser.App.KeyFor("Admin"));
        staff.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        string[] paying = [Http.Unique("INV"), Http.Unique("INV")];
        await staff.Invoice(world.Customer, paying[0], 400m, issueDate: "2026-01-20", dueDate: "2026-02-19");
        await staff.Invoice(world.Customer, paying[1], 250m, issueDate: "2026-01-21", dueDate: "2026-02-20");
        var page = await PhonePage(server, stripe);

        await page.GotoAsync("/portal");
        await AssertNoSidewaysScroll(page);
        await page.GetByLabel("Email").FillAsync(world.Email);
        await page.GetByLabel("Password").FillAsync(PortalWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-home-failure.png", async () =>
        {
            await Expect(page.GetByTestId("credit-limit")).ToHaveTextAsync("5,000.00 USD");
            await Expect(page.GetByTestId("available-credit")).ToContainTextAsync("USD");
        });
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("1,850.00 USD");
        await BrowserApp.Screenshot(page, "journey-1-home-phone.png");
        await AssertNoSidewaysScroll(page);

        await page.GetByTestId("menu-toggle").ClickAsync(); // the menu is folded at phone width
        await BrowserApp.Screenshot(page, "journey-1-menu-phone.png");
        await AssertNoSidewaysScroll(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.GetByLabel(paying[0]).CheckAsync();
        await page.GetByLabel(paying[1]).CheckAsync();
        await page.GetByLabel("Card", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await BrowserApp.Screenshot(page, "journey-2-pay-phone.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay 650.00 USD" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-pay-failure.png", () => Expect(page.GetByTestId("payment-status")).ToHaveTextAsync("Paid"));
        Assert.Equal([200], stripe.Delivered); // Stripe's signed webhook was accepted once
        await BrowserApp.Screenshot(page, "journey-2-paid-phone.png");
        await page.GotoAsync("/portal");
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("1,200.00 USD"); // 1,850.00 less the 650.00 paid

        await page.GotoAsync("/portal/promises");
        await page.GetByLabel(world.OpenInvoice).CheckAsync();
        await page.GetByLabel("You will pay by").FillAsync(DateOnly.FromDateTime(browser.App.Now.UtcDateTime).AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Promise", Exact = true }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-promise-failure.png", () => Expect(page.GetByTestId("promise-message")).ToContainTextAsync("1,200.00 USD"));
        await BrowserApp.Screenshot(page, "journey-2-promise-phone.png");

        await page.GotoAsync("/portal/disputes");
        await page.Locator("#invoice").SelectOptionAsync(world.OpenInvoice);
        await page.GetByLabel("Tell us what happened").FillAsync("Two pallets arrived damaged.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the dispute" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-dispute-failure.png", () => Expect(page.GetByTestId("dispute-message")).ToContainTextAsync("is disputed"));
        await BrowserApp.Screenshot(page, "journey-3-dispute-phone.png");
        var cases = await browser.App.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.DisputeCases.CountAsync(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Number == world.Customer));
        });
        Assert.Equal(1, cases); // the case the collectors work

        await page.GotoAsync("/portal/questions");
        await page.GetByLabel("Your question").FillAsync("Can we pay the rest in two parts?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-question-failure.png", () => Expect(page.GetByTestId("question-thread")).ToContainTextAsync("two parts"));
        await BrowserApp.Screenshot(page, "journey-4-question-phone.png");

        await page.GotoAsync("/portal/statement");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("statement-pdf").ClickAsync());
        var path = Path.Combine(BrowserApp.ScreenshotFolder, "journey-statement.pdf");
        await download.SaveAsAsync(path);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(path))[..4]));
        await BrowserApp.Screenshot(page, "journey-5-statement-phone.png");
        await AssertNoSidewaysScroll(page);
        await page.Context.CloseAsync();
    }

    /// <summary>The browser app's database and clock, with Stripe pointed at the stand-in.</summary>
    private WebApplicationFactory<Program> PayingHost(StripeStandIn stripe) => browser.App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Portal:Payments:Stripe:SecretKey", StripeStandIn.SecretKey);
        b.UseSetting("Portal:Payments:Stripe:WebhookSecret", StripeStandIn.WebhookSecret);
        b.UseSetting("Portal:Payments:Stripe:PublishableKey", StripeStandIn.PublishableKey);
        b.UseSetting("Portal:Payments:Stripe:ApiBase", stripe.Url.ToString());
    });

    /// <summary>A phone-sized page on <paramref name="server"/> whose js.stripe.com and api.stripe.com are the stand-ins.</summary>
    private async Task<IPage> PhonePage(Uri server, StripeStandIn stripe)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(15_000);
        await context.RouteAsync("https://js.stripe.com/**", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = StripeJsStandIn }));
        await context.RouteAsync("https://api.stripe.com/**", async route =>
        {
            using var forwarded = new HttpRequestMessage(HttpMethod.Post, new Uri(route.Request.Url).PathAndQuery)
            {
                Content = new StringContent(route.Request.PostData ?? "", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            using var client = new HttpClient { BaseAddress = stripe.Url };
            var answer = await client.SendAsync(forwarded);
            await route.FulfillAsync(new()
            {
                Status = (int)answer.StatusCode,
                ContentType = "application/json",
                Body = await answer.Content.ReadAsStringAsync(),
                Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
            });
        });
        return await context.NewPageAsync();
    }

    private static async Task AssertNoSidewaysScroll(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        Assert.True(scroll <= width, $"{page.Url} is {scroll} px wide in a {width} px window");
    }

    /// <summary>
    /// Stripe.js as far as the pay page uses it: a Payment Element (here a card number field) and confirmPayment, which
    /// asks Stripe's API to confirm the intent (the stand-in, by routing) and then returns to the return address.
    /// </summary>
    private const string StripeJsStandIn = """
        window.Stripe = function (key) {
            var secret = null;
            return {
                elements: function (options) {
                    secret = options.clientSecret;
                    return { create: function () { return { mount: function (where) {
                        document.querySelector(where).innerHTML = '<label for="card-number">Card number</label><input id="card-number" autocomplete="cc-number" />';
                    } }; } };
                },
                confirmPayment: function (options) {
                    var id = secret.split('_secret_')[0];
                    return fetch('https://api.stripe.com/v1/payment_intents/' + id + '/confirm', { method: 'POST', body: new URLSearchParams({ client_secret: secret, key: key }) })
                        .then(function (r) { return r.json(); })
                        .then(function (intent) {
                            if (intent.error) { return { error: intent.error }; }
                            var back = new URL(options.confirmParams.return_url);
                            window.location.assign(back.pathname + back.search); // the test app's public base URL is not this server
                            return {};
                        });
                },
            };
        };
        """;
}
