using Credo.Domain.Applications;
using System.Text.RegularExpressions;
using Credo.Domain.Bureau;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// The whole path in a browser with the real services: the public form on a phone, the default policy refers the
/// case (judgments on the local bureau's file), an analyst approves it on the application page, and the customer page
/// shows the new limit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EndToEndBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task From_the_public_form_on_a_phone_to_a_limit_on_the_customer_page()
    {
        // An EIN the deterministic local bureau reports with a judgment: the default policy refers it to a person.
        var taxId = Enumerable.Range(5_200_000, 100_000).Select(n => $"46-{n:D7}")
            .First(t => !t.EndsWith("000", StringComparison.Ordinal) && !t.EndsWith("999", StringComparison.Ordinal)
                && LocalBureau.Report(t, Currency.Usd) is BureauAnswer.Found { Report: { Bankruptcy: false, Judgments: >= 1, Score: >= 40 } });
        var slug = "copper-kettle-" + Guid.NewGuid().ToString("N")[..6];
        var email = $"owner@{slug}.example";

        var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        phone.SetDefaultTimeout(15_000);
        var form = await phone.NewPageAsync();
        await form.GotoAsync("/apply/trade-credit");
        await form.GetByLabel("Your email address").FillAsync(email);
        await form.GetByRole(AriaRole.Button, new() { Name = "Start application" }).ClickAsync();
        await Expect(form.GetByTestId("notice")).ToContainTextAsync("We emailed a code");
        var code = await browser.App.InScope(async sp =>
        {
            var rows = await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).ToListAsync();
            return Code().Match(rows.Select(OutboxEmail.Read).Single(e => e!.To == email)!.TextBody).Groups[1].Value;
        });
        await form.GetByLabel("Verification code from our email").FillAsync(code);
        await form.GetByRole(AriaRole.Button, new() { Name = "Verify email" }).ClickAsync();
        await Expect(form.GetByTestId("email-verified")).ToBeVisibleAsync();

        async Task Fill(string path, string value) => await form.Locator("#f-" + path).FillAsync(value);
        await Fill("legalName", "Copper Kettle Tea Rooms Inc.");
        await Fill("taxId", taxId);
        await Fill("incorporationDate", "2013-09-02");
        await Fill("incorporationPlace", "Vermont");
        await Fill("yearsInBusiness", "12");
        await Fill("annualRevenue", "900000");
        await Fill("website", $"https://{slug}.example");
        await Fill("phone", "+1 802 555 0147");
        await Fill("billingAddress-line1", "14 Church Street");
        await Fill("billingAddress-city", "Burlington");
        await Fill("billingAddress-postalCode", "05401");
        await Fill("billingAddress-country", "US");
        await form.Locator("#f-shipToBilling").SelectOptionAsync("yes");
        await Fill("bankName", "Green Mountain Bank");
        await Fill("bankAccount", "0091827364");
        for (var i = 0; i < 3; i++)
        {
            await Fill($"tradeReferences-{i}-company", $"Vermont Supplier {i + 1}");
            await Fill($"tradeReferences-{i}-email", $"ar{i}@vt-supplier-{slug}.example");
        }

        await Fill("owners-0-name", "Harriet Copperfield");
        await form.Locator("#f-owners-0-role").SelectOptionAsync("owner");
        await Fill("owners-0-dateOfBirth", "1975-07-14");
        await form.Locator("#f-owners-0-guarantees").SelectOptionAsync("yes");
        await Fill("owners-0-homeAddress-line1", "3 Maple Hill");
        await Fill("owners-0-homeAddress-city", "Burlington");
        await Fill("owners-0-homeAddress-postalCode", "05401");
        await Fill("owners-0-homeAddress-country", "US");
        await Fill("requestedLimit", "20000");
        await form.Locator("#f-requestedTerms").SelectOptionAsync("NET30");
        await form.Locator("#f-bureauConsent").CheckAsync();
        await form.Locator("#f-financialStatements").SetInputFilesAsync(new FilePayload { Name = "accounts-2025.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() });
        await form.Locator("button[form='upload-financialStatements']").ClickAsync();
        await Expect(form.GetByTestId("documents-financialStatements")).ToContainTextAsync("accounts-2025.pdf");
        await form.GetByLabel("I have read and agree to the terms and the consent above.").CheckAsync();
        await form.GetByLabel("Type your full name to sign").FillAsync("Harriet Copperfield");
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(form, "e2e-form-failure.png", async () =>
            await Expect(form.GetByTestId("confirmation")).ToContainTextAsync("your application is submitted"));
        var reference = await form.GetByTestId("reference").InnerTextAsync();
        await phone.CloseAsync();

        // The real workflow assessed it on submission: referred by the policy for the judgment.
        var application = await browser.App.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.AsNoTracking().SingleAsync(a => a.Reference == reference));
        Assert.Equal(ApplicationStatus.Referred, application.Status);

        var (user, password) = await browser.StaffUser(Roles.CreditAnalyst);
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, user, password);
        await page.GotoAsync("/team/applications?status=Referred");
        await page.Locator($"[data-testid=applications] tr[data-reference='{reference}'] a").ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "e2e-application-failure.png", () => Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Referred"));
        await Expect(page.GetByTestId("reasons")).ToContainTextAsync("judgments");

        var approve = page.GetByRole(AriaRole.Form, new() { Name = "Approve" });
        await approve.GetByLabel("Limit (USD)").FillAsync("15000");
        await approve.GetByLabel("Terms").FillAsync("NET30");
        await approve.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "e2e-approve-failure.png", () => Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Approved"));
        output.WriteLine("Application screenshot: " + await BrowserApp.Screenshot(page, "e2e-application-approved.png"));

        await page.GetByTestId("customer-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Copper Kettle Tea Rooms Inc.");
        await BrowserApp.OnFailureScreenshot(page, "e2e-customer-failure.png", () => Expect(page.GetByTestId("credit-panel").GetByTestId("credit-limit")).ToHaveTextAsync("15,000.00 USD"));
        output.WriteLine("Customer screenshot: " + await BrowserApp.Screenshot(page, "e2e-customer.png"));
    }

    [GeneratedRegex(@"verification code is (\d{6})")]
    private static partial Regex Code();
}
