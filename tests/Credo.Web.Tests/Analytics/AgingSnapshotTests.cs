using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Analytics;

/// <summary>
/// Month-end aging snapshots (issue 13 §9) keep the as-of truth rule (§1): on a random ledger built through the ledger's
/// endpoints over four months, a snapshot equals the pure formula (the in-memory derivation aged by
/// <see cref="Aging.Rows"/>) for its day; a portfolio aging rolled forward from a snapshot equals the pure formula on
/// every later day, on both bases, after disputes opened and resolved; writing again writes nothing; a posting dated
/// back into a month makes that month's snapshot stale (the aging then sums directly) until it is written again.
/// Runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class AgingSnapshotTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Theory]
    [InlineData(5)]
    [InlineData(31)]
    public async Task A_snapshot_and_the_aging_rolled_forward_from_it_equal_the_pure_formula(int seed)
    {
        var client = await app.ClientAs("CreditManager");
        var today = await Today();
        var random = new Random(seed);
        string[] customers = [Http.Unique("SN"), Http.Unique("SN")];
        await client.CreateCustomer(customers[0]);
        await client.CreateCustomer(customers[1], currency: "EUR");
        var ledger = new RandomLedger(client, random, customers);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        for (var day = start; day < today; day = day.AddDays(random.Next(1, 5)))
        {
            await ledger.Step(day);
        }

        var monthEnds = Enumerable.Range(1, 3).Select(i => start.AddMonths(i).AddDays(-1)).ToList();
        foreach (var end in monthEnds)
        {
            var written = await Write(end);
            Assert.Equal(2, written.Written);
            await AssertSnapshotIsThePureFormula(end);
        }

        foreach (var end in monthEnds)
        {
            Assert.Equal(0, (await Write(end)).Written); // written again: nothing to do
        }

        // Disputes opened and resolved today move items in and out of the disputed cell after the last snapshot (their
        // invoices are dated after it: one dated into a snapshot's month would make it stale, as the end of this test shows).
        string[] disputed = [Http.Unique("DSP"), Http.Unique("DSP")];
        foreach (var number in disputed)
        {
            var issued = monthEnds[2].AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // after the last snapshot: it still holds
            await client.Invoice(customers[0], number, 120.50m, issueDate: issued, dueDate: issued);
            Assert.True((await client.PostJson($"/api/invoices/{number}/disputes", new { reason = "Short delivery" })).IsSuccessStatusCode);
        }

        Assert.True((await client.PostJson($"/api/invoices/{disputed[0]}/disputes/resolve", new { resolution = "Goods found" })).IsSuccessStatusCode);

        for (var day = monthEnds[0]; day <= today; day = day.AddDays(random.Next(1, 4)))
        {
            await AssertRolledForwardIsThePureFormula(day, expectSnapshot: true);
        }

        await AssertRolledForwardIsThePureFormula(today, expectSnapshot: true);

        // A payment dated back into the second month: that month end's snapshot no longer holds; the first still does.
        await client.Payment(customers[0], Http.Unique("LATE"), 33.10m, receivedOn: monthEnds[1].AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await AssertRolledForwardIsThePureFormula(monthEnds[1].AddDays(2), expectSnapshot: false);
        await AssertRolledForwardIsThePureFormula(monthEnds[0].AddDays(5), expectSnapshot: true);
        Assert.Equal(2, (await Write(monthEnds[1])).Written);
        Assert.Equal(2, (await Write(monthEnds[2])).Written);
        await AssertSnapshotIsThePureFormula(monthEnds[1]);
        await AssertRolledForwardIsThePureFormula(monthEnds[1].AddDays(2), expectSnapshot: true);
        await AssertRolledForwardIsThePureFormula(today, expectSnapshot: true);
    }

    [Fact]
    public async Task Only_a_month_end_that_is_over_is_written() => await app.InScope(async services =>
    {
        var snapshots = services.GetRequiredService<AgingSnapshots>();
        var today = services.GetRequiredService<CreditDb>().Today();
        Assert.False((await snapshots.WriteMonth(new DateOnly(2026, 1, 30), CancellationToken.None)).IsOk);
        Assert.False((await snapshots.WriteMonth(Aging.MonthEndOnOrBefore(today.AddMonths(1)), CancellationToken.None)).IsOk);
        Assert.True((await snapshots.WriteMonth(new DateOnly(2025, 12, 31), CancellationToken.None)).IsOk);
        return true;
    });

    private Task<DateOnly> Today() => app.InScope(services => Task.FromResult(services.GetRequiredService<CreditDb>().Today()));

    private Task<SnapshotWritten> Write(DateOnly monthEnd) =>
        app.InScope(async services => (await services.GetRequiredService<AgingSnapshots>().WriteMonth(monthEnd, CancellationToken.None)).Value!);

    /// <summary>The snapshot alone (asked on its own day) gives the pure formula's rows.</summary>
    private Task AssertSnapshotIsThePureFormula(DateOnly monthEnd) => AssertRolledForwardIsThePureFormula(monthEnd, expectSnapshot: true);

    private async Task AssertRolledForwardIsThePureFormula(DateOnly on, bool expectSnapshot) => await app.InScope(async services =>
    {
        var db = services.GetRequiredService<CreditDb>();
        var items = await db.OpenItemsOn(on, customerId: null, CancellationToken.None);
        foreach (var basis in AgingSnapshots.Bases)
        {
            var expected = Aging.Rows(on, basis, BucketSet.Standard, items.Select(o => new AgedItem(Id(o.Item.CustomerId), o.Item.Currency, o.OpenMinor, o.Item.PostedOn, o.Item.DueOn, o.Disputed)));
            var sums = await AgingSnapshots.SumsOn(db, on, basis, BucketSet.Standard, CancellationToken.None);
            Assert.True(expectSnapshot == sums is not null, $"{on:yyyy-MM-dd} {basis}: snapshot expected {expectSnapshot}");
            sums ??= await AgingSql.Sums(db, on, basis, BucketSet.Standard, customerId: null, CancellationToken.None);
            Assert.Equal(Flat(expected), Flat(Aging.RowsFromSums(BucketSet.Standard, sums, id => [Id(id)])));
        }

        return true;
    });

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<string> Flat(IEnumerable<AgingRow> rows) =>
        rows.Select(r => $"{r.Subject}|{r.Currency}|{string.Join(';', r.BucketsMinor)}|{r.UnappliedMinor}|{r.DisputedMinor}");
}
