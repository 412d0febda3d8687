using Credo.Domain.Applications;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class ApplicationFormBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task An_applicant_fills_the_public_form_on_a_phone_and_submits_it()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@phone.example";

        await page.GotoAsync("/apply/trade-credit");
        await page.GetByLabel("Your email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start application" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("We emailed a code");

        var code = await browser.App.InScope(async sp =>
        {
            var rows = await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).ToListAsync();
            var body = rows.Select(OutboxEmail.Read).Single(e => e!.To == email)!.TextBody;
            return Code().Match(body).Groups[1].Value;
        });
        await page.GetByLabel("Verification code from our email").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify email" }).ClickAsync();
        await Expect(page.GetByTestId("email-verified")).ToBeVisibleAsync();

        async Task Fill(string path, string value) => await page.Locator("#f-" + path).FillAsync(value);
        await Fill("legalName", "Pocket Hardware Ltd");
        await Fill("taxId", "IE6388047V");
        await Fill("incorporationDate", "2014-06-30");
        await Fill("incorporationPlace", "Galway");
        await Fill("yearsInBusiness", "12");
        await Fill("annualRevenue", "800000");
        await Fill("phone", "+353 91 555 0100");
        await Fill("billingAddress-line1", "2 Dock Rd");
        await Fill("billingAddress-city", "Galway");
        await Fill("billingAddress-postalCode", "H91 A1B2");
        await Fill("billingAddress-country", "IE");

        // The shipping address appears only when it differs from the billing address.
        await Expect(page.Locator("[data-field='shippingAddress']")).ToBeHiddenAsync();
        await page.Locator("#f-shipToBilling").SelectOptionAsync("no");
        await Expect(page.Locator("[data-field='shippingAddress']")).ToBeVisibleAsync();
        await page.Locator("#f-shipToBilling").SelectOptionAsync("yes");
        await Expect(page.Locator("[data-field='shippingAddress']")).ToBeHiddenAsync();

        await Fill("bankName", "AIB");
        await Fill("bankAccount", "IE29AIBK93115212345678");
        for (var i = 0; i < 3; i++)
        {
            await Fill($"tradeReferences-{i}-company", $"Supplier {i + 1} Ltd");
            await Fill($"tradeReferences-{i}-email", $"ap{i}@supplier.example");
        }

        await Fill("owners-0-name", "Niamh Phone-Tester");
        await page.Locator("#f-owners-0-role").SelectOptionAsync("director");
        await Fill("owners-0-dateOfBirth", "1984-02-29");
        await page.Locator("#f-owners-0-guarantees").SelectOptionAsync("yes");
        await Fill("owners-0-homeAddress-line1", "7 Salthill Prom");
        await Fill("owners-0-homeAddress-city", "Galway");
        await Fill("owners-0-homeAddress-postalCode", "H91 C3D4");
        await Fill("owners-0-homeAddress-country", "IE");
        await Fill("requestedLimit", "25000");
        await page.Locator("#f-requestedTerms").SelectOptionAsync("NET30");
        await page.Locator("#f-bureauConsent").CheckAsync();

        // Upload without leaving the page (htmx): what was typed stays.
        await page.Locator("#f-financialStatements").SetInputFilesAsync(new FilePayload
        {
            Name = "accounts.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
        });
        await page.Locator("button[form='upload-financialStatements']").ClickAsync();
        await Expect(page.GetByTestId("documents-financialStatements")).ToContainTextAsync("accounts.pdf");
        await Expect(page.Locator("#f-legalName")).ToHaveValueAsync("Pocket Hardware Ltd");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save progress" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Your answers are saved");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the form scrolls sideways on a phone");
        await BrowserApp.Screenshot(page, "apply-mobile-form.png");

        await page.GetByLabel("I have read and agree to the terms and the consent above.").CheckAsync();
        await page.GetByLabel("Type your full name to sign").FillAsync("Niamh Phone-Tester");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();

        await BrowserApp.OnFailureScreenshot(page, "apply-mobile-failure.png", async () =>
            await Expect(page.GetByTestId("confirmation")).ToContainTextAsync("your application is submitted"));
        await BrowserApp.Screenshot(page, "apply-mobile-submitted.png");
        var reference = await page.GetByTestId("reference").InnerTextAsync();
        var application = await browser.App.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.AsNoTracking().SingleAsync(a => a.Reference == reference));
        Assert.Equal(("Pocket Hardware Ltd", 2_500_000L), (application.LegalName!, application.RequestedLimitMinor!.Value));
        Assert.NotEqual(ApplicationStatus.Draft, application.Status); // handed to the workflow, which decides or refers
        await context.CloseAsync();
    }

    [GeneratedRegex(@"verification code is (\d{6})")]
    private static partial Regex Code();
}
