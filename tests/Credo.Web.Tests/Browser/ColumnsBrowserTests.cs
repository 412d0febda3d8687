using Credo.Web.Features.Credit;
using Credo.Web.Features.Customers;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// Issue 12 §4, "clipped columns (groups' review, contacts' phone, holds' ways out)": on data as long as real data
/// (a long group name, a +44 phone with an extension beside a long role and email, an order held with both ways
/// out), at a laptop's 1366 x 768 and a phone's 390 px, every cell of those columns shows all its text (nothing
/// cut by overflow, an ellipsis or a fixed width), the page itself never gets wider than the window, and each table
/// fits its card or scrolls inside its own container. At 1366 the column is also in sight without scrolling.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ColumnsBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    private const string Check = """
        ([selector, header, mustShow]) => {
            const problems = [];
            const vw = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth > vw + 1) {
                const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
                const sticks = e => e.getBoundingClientRect().right > vw + 1 && !clipped(e);
                const wide = [...document.body.querySelectorAll('*')].filter(e => sticks(e) && !sticks(e.parentElement))
                    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ("${e.textContent.trim().slice(0, 40)}") ends at ${Math.round(e.getBoundingClientRect().right)} px`);
                problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${vw} px window; widest: ${wide.join('; ')}`);
            }
            const table = document.querySelector(selector);
            if (!table) return [`no table ${selector}`];
            const index = [...table.querySelectorAll('thead th')].findIndex(th => th.textContent.trim() === header);
            if (index < 0) return [`${selector} has no column "${header}"`];
            const wrap = table.closest('.table-wrap') ?? table.parentElement;
            const w = wrap.getBoundingClientRect();
            if (w.left < -1 || w.right > vw + 1) problems.push(`the table's container spans ${Math.round(w.left)} to ${Math.round(w.right)} px in a ${vw} px window`);
            for (let a = wrap.parentElement; a && a !== document.body; a = a.parentElement) {
                const r = a.getBoundingClientRect();
                if (w.right > r.right + 1 && getComputedStyle(a).overflowX !== 'visible') problems.push(`the table is cut by ${a.tagName.toLowerCase()}.${a.className}`);
            }
            const scrolls = ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX);
            if (wrap.scrollWidth > wrap.clientWidth + 1 && !scrolls) problems.push(`the table needs ${wrap.scrollWidth} px in ${wrap.clientWidth} and cannot scroll`);
            for (const row of table.querySelectorAll('tbody tr')) {
                const cell = row.children[index];
                if (!cell) continue;
                const text = cell.textContent.trim().replace(/\s+/g, ' ');
                for (const el of [cell, ...cell.querySelectorAll('*')]) {
                    const s = getComputedStyle(el);
                    if ((s.overflowX !== 'visible' || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1)
                        problems.push(`"${text}" is cut: needs ${el.scrollWidth} px in ${el.clientWidth}`);
                }
                const range = document.createRange();
                range.selectNodeContents(cell);
                const t = range.getBoundingClientRect(), c = cell.getBoundingClientRect();
                if (t.width > 0 && (t.right > c.right + 1 || t.left < c.left - 1)) problems.push(`"${text}" spills out of its cell (${Math.round(t.width)} px text in a ${Math.round(c.width)} px cell)`);
                if (mustShow && (c.right > w.right + 1 || c.left < w.left - 1)) problems.push(`"${text}" is out of sight: the cell ends at ${Math.round(c.right)} px, the table's container at ${Math.round(w.right)} px`);
            }
            return problems;
        }
        """;

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Review_phone_and_ways_out_columns_show_all_their_text(int width, int height)
    {
        var (customer, group) = await LongData();
        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await page.SetViewportSizeAsync(width, height);
        await BrowserApp.SignIn(page, email, password);
        var problems = new List<string>();
        foreach (var (url, table, header, shot) in new[]
        {
            ("/team/credit", "table[data-testid=group-lines]", "Review", "groups-review"),
            ($"/team/customers/{customer}", "section[aria-labelledby=contacts-h] table", "Phone", "contacts-phone"),
            ($"/team/credit/holds?customer={customer}", "table[data-testid=holds]", "Ways out", "holds-ways-out"),
        })
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.Locator(table).ScrollIntoViewIfNeededAsync();
            var found = await page.EvaluateAsync<string[]>(Check, new object[] { table, header, width >= 1000 });
            output.WriteLine($"{url} at {width}: " + await BrowserApp.Screenshot(page, $"{shot}-{width}.png"));
            problems.AddRange(found.Select(p => $"{url} at {width} px, {header}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotNull(group);
    }

    /// <summary>A group with a long name and a review date, a customer in it with a long contact, and an order held with both ways out.</summary>
    private async Task<(string Customer, string Group)> LongData()
    {
        var group = await browser.Group("Northwind Consolidated Holdings International (Europe, Middle East and Africa) plc " + Guid.NewGuid().ToString("N")[..6]);
        var number = Http.Unique("C");
        await browser.App.InScope(async sp =>
        {
            var saved = await sp.GetRequiredService<SaveCustomer>().Create(
                new CustomerRequest(
                    number, "Northwind Consolidated Provisions and Catering Supplies (United Kingdom) Limited", null, "GB123456789", "accounts.payable@northwind-consolidated.example.co.uk", "+44 20 7946 0958 ext. 21455", null, "USD", "NET30", null, group,
                    new AddressDto("1 Quay Street", null, "Cork", null, "T12 X0Y1", "IE"), null,
                    [
                        new ContactDto("Ciara Walsh-Fitzgerald", "Head of Accounts Payable and Treasury Operations", "ciara.walsh-fitzgerald@northwind-consolidated.example.co.uk", "+44 (0)20 7946 0958 ext. 21455"),
                        new ContactDto("Bartholomew Okonkwo-Smythe", "Credit controller", "credit.control@northwind-consolidated.example.co.uk", "+1 (212) 555-0199 x 7788"),
                    ],
                    null, null),
                CancellationToken.None);
            Assert.True(saved.IsOk, saved.Error?.Message);
            var lines = sp.GetRequiredService<SetCreditLine>();
            var groupLine = await lines.Handle("group", group, new CreditLineRequest(2_500_000m, "USD", null, null, new DateOnly(2027, 3, 31), null, "test"), CancellationToken.None);
            Assert.True(groupLine.IsOk, groupLine.Error?.Message);
            var line = await lines.Handle("customer", number, new CreditLineRequest(1_000m, "USD", null, null, new DateOnly(2027, 1, 31), null, "test"), CancellationToken.None);
            Assert.True(line.IsOk, line.Error?.Message);
            var check = await sp.GetRequiredService<CheckCredit>().Handle(new CreditCheckRequest(number, Http.Unique("ORDER-2026-LONG-REFERENCE"), 1_234_567.89m, "USD", null), CancellationToken.None);
            Assert.True(check.IsOk, check.Error?.Message);
            return true;
        });
        return (number, group);
    }
}
