using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Credo.Web.Tests.Browser;

/// <summary>Issue 12 §4 where layout matters: checkboxes drawn as a line, columns clipped out of sight.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreensBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Filter_checkboxes_are_boxes_not_one_pixel_lines()
    {
        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        foreach (var (url, selector) in new[] { ("/team/applications", "input[type=checkbox][name=all]"), ("/team/customers", "input[type=checkbox][name=overdue]") })
        {
            await page.GotoAsync(url);
            var box = await page.Locator(selector).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= 10 && box.Height >= 10, $"{url}: the checkbox is {box.Width} x {box.Height} px");
        }

        output.WriteLine("Customers with filters: " + await BrowserApp.Screenshot(page, "customers-filters.png"));
    }

    [Fact]
    public async Task The_customer_page_and_the_hold_queue_show_every_column_without_clipping()
    {
        var group = await browser.Group("Clipping Holdings " + Guid.NewGuid().ToString("N")[..6]);
        var customer = await browser.Customer("Clipping Provisions Ltd", groupCode: group);
        await browser.App.InScope(async sp =>
        {
            var set = await sp.GetRequiredService<SetCreditLine>().Handle("customer", customer, new CreditLineRequest(10m, "USD", null, null, null, null, "test"), CancellationToken.None);
            Assert.True(set.IsOk, set.Error?.Message);
            var check = await sp.GetRequiredService<CheckCredit>().Handle(new CreditCheckRequest(customer, Http.Unique("O"), 500m, "USD", null), CancellationToken.None);
            Assert.True(check.IsOk, check.Error?.Message);
            return true;
        });

        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        foreach (var (url, shot) in new[] { ($"/team/customers/{customer}", "customer-columns.png"), ($"/team/credit/holds?customer={customer}", "holds-columns.png"), ("/team/credit", "credit-columns.png") })
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var clipped = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.table-wrap')]
                    .filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
                    .map(w => (w.querySelector('table')?.dataset.testid || w.querySelector('caption')?.textContent || 'a table') + ' needs ' + w.scrollWidth + ' px in ' + w.clientWidth)
                """);
            output.WriteLine($"{url}: " + await BrowserApp.Screenshot(page, shot));
            Assert.True(clipped.Length == 0, url + ": " + string.Join("; ", clipped));
        }
    }
}
