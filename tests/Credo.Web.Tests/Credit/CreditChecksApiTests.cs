using System.Net;
using System.Net.Http.Json;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

public sealed class CreditChecksApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    [Fact]
    public async Task Approved_answer_carries_the_reservation_and_headroom_at_every_level()
    {
        var client = await app.ClientAs("CreditManager");
        var group = Http.Unique("G");
        await client.CreateGroup(group);
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, groupCode: group);
        await client.SetLimit("customer", customer, 1_000m);
        await client.SetLimit("group", group, 5_000m);

        var answer = await client.CheckOk(customer, Http.Unique("SO"), 400m);
        Assert.Equal("approved", answer.GetProperty("outcome").GetString());
        Assert.Equal("active", answer.GetProperty("state").GetString());
        Assert.True(answer.GetProperty("reservationId").GetInt64() > 0);
        var levels = answer.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal(["customer", "group"], levels.Select(l => l.GetProperty("level").GetString()!).Take(2).ToArray());
        Assert.Equal(1_000m, levels[0].GetProperty("headroom").GetDecimal());
        Assert.Equal(600m, levels[0].GetProperty("headroomAfter").GetDecimal());
        Assert.True(levels[0].GetProperty("binding").GetBoolean());

        var line = await client.Line("customer", customer);
        Assert.Equal(400m, line.GetProperty("reserved").GetDecimal());
        Assert.Equal(600m, line.GetProperty("headroom").GetDecimal());
        Assert.Equal(1, line.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Worked_example_group_pool_shared_by_unlimited_members()
    {
        var client = await app.ClientAs("CreditManager");
        var group = Http.Unique("G");
        await client.CreateGroup(group);
        var (a, b, c) = (Http.Unique("A"), Http.Unique("B"), Http.Unique("C"));
        foreach (var member in new[] { a, b, c })
        {
            await client.CreateCustomer(member, groupCode: group);
        }

        await client.SetLimit("group", group, 50_000_000m);
        await client.SetLimit("customer", a, 5_000_000m);

        Assert.Equal("held", (await client.CheckOk(a, Http.Unique("SO"), 5_000_001m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await client.CheckOk(a, Http.Unique("SO"), 5_000_000m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await client.CheckOk(b, Http.Unique("SO"), 30_000_000m)).GetProperty("outcome").GetString());
        var heldC = await client.CheckOk(c, Http.Unique("SO"), 15_000_001m);
        Assert.Equal("held", heldC.GetProperty("outcome").GetString());
        var reason = heldC.GetProperty("reasons")[0];
        Assert.Equal("limit-exceeded", reason.GetProperty("code").GetString());
        Assert.Equal("group", reason.GetProperty("level").GetString());
        Assert.Equal(1m, reason.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal(15_000_000m, heldC.GetProperty("fittingPart").GetProperty("value").GetDecimal());
        Assert.Equal(1m, heldC.GetProperty("releasingPayment").GetProperty("value").GetDecimal());
        Assert.Equal("approved", (await client.CheckOk(c, Http.Unique("SO"), 15_000_000m)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_retry_returns_the_first_answer_and_a_changed_body_is_refused()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 100m);
        var order = Http.Unique("SO");
        var first = await client.CheckOk(customer, order, 60m);
        var again = await client.CheckOk(customer, order, 60m);
        Assert.Equal(first.GetProperty("reservationId").GetInt64(), again.GetProperty("reservationId").GetInt64());
        Assert.Equal(60m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        await (await client.Check(customer, order, 61m)).AssertProblem(409, "order-reference-reused", "orderReference");
    }

    [Fact]
    public async Task Held_reasons_by_code()
    {
        var client = await app.ClientAs("Admin");

        // no limit at any level
        var bare = Http.Unique("C");
        await client.CreateCustomer(bare);
        await AssertHeld(client, bare, "no-limit");

        // customer on hold
        var onHold = Http.Unique("C");
        var created = await client.PostJson("/api/customers", new { number = onHold, legalName = "On hold", currency = "USD", terms = "NET30", status = "OnHold" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await client.SetLimit("customer", onHold, 1_000m);
        await AssertHeld(client, onHold, "customer-status");

        // limit expired, review overdue
        var expired = Http.Unique("C");
        await client.CreateCustomer(expired);
        await client.SetLimit("customer", expired, 1_000m, expiresOn: Today.AddDays(-1));
        await AssertHeld(client, expired, "limit-expired");
        var review = Http.Unique("C");
        await client.CreateCustomer(review);
        await client.SetLimit("customer", review, 1_000m, reviewOn: Today.AddDays(-1));
        await AssertHeld(client, review, "review-overdue");

        // overdue beyond 30 days, with the payment that releases it
        var late = Http.Unique("C");
        await client.CreateCustomer(late);
        await client.SetLimit("customer", late, 1_000_000m);
        await app.PostInvoice(late, 250_00, Today.AddDays(-45));
        var held = await AssertHeld(client, late, "overdue");
        Assert.Equal(45, held.GetProperty("reasons")[0].GetProperty("days").GetInt32());
        Assert.Equal(250m, held.GetProperty("releasingPayment").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_temporary_increase_raises_the_ceiling_until_it_expires()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 100m, temporaryIncrease: 50m, temporaryIncreaseExpiresOn: Today.AddDays(7));
        Assert.Equal("approved", (await client.CheckOk(customer, Http.Unique("SO"), 150m)).GetProperty("outcome").GetString());
        // An increase already expired is refused when set (issue 12); one that has run out since is no longer counted.
        var expired = await client.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { limit = 100m, currency = "USD", temporaryIncrease = 50m, temporaryIncreaseExpiresOn = Today.AddDays(-1), reason = "late" }, CredoApp.Json);
        await expired.AssertProblem(400, "validation", "temporaryIncreaseExpiresOn");
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<Credo.Web.Data.CreditDb>();
            return await db.CreditLines.Where(l => l.TempIncreaseMinor != null).Where(l => db.Customers.Any(c => c.Number == customer && c.Id == l.SubjectId))
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.TempIncreaseExpiresOn, Today.AddDays(-1)));
        });
        Assert.Equal("held", (await client.CheckOk(customer, Http.Unique("SO"), 0.01m)).GetProperty("outcome").GetString());
        Assert.Equal(1, (await client.Line("customer", customer)).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Segment_and_portfolio_limits_in_other_currencies_use_the_rate_table()
    {
        var client = await app.ClientAs("Admin");
        var dimension = "region" + Guid.NewGuid().ToString("N")[..6];
        Assert.True((await client.PostJson("/api/segments", new { dimension, code = "west" })).IsSuccessStatusCode);
        var customer = Http.Unique("C");
        var created = await client.PostJson("/api/customers", new { number = customer, legalName = "Seg", currency = "USD", terms = "NET30", segments = new[] { new { dimension, code = "west" } } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var rate = await client.PutAsJsonAsync("/api/exchange-rates", new { from = "EUR", to = "USD", effectiveOn = Today.AddDays(-10), rate = 1.25m }, CredoApp.Json);
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());
        await client.SetLimit("segment", $"{dimension}:west", 100m, currency: "EUR");

        var answer = await client.CheckOk(customer, Http.Unique("SO"), 125m);
        Assert.Equal("approved", answer.GetProperty("outcome").GetString());
        var segment = answer.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("level").GetString() == "segment");
        Assert.Equal(100m, segment.GetProperty("requested").GetDecimal());
        Assert.Equal(0m, segment.GetProperty("headroomAfter").GetDecimal());

        var jpy = await client.CheckOk(customer, Http.Unique("SO"), 1000m, "JPY");
        Assert.Equal("held", jpy.GetProperty("outcome").GetString());
        Assert.Contains(jpy.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "no-exchange-rate");
    }

    [Fact]
    public async Task Lifecycle_post_void_amend_each_happen_once()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 300m);

        var amended = await client.PostJson($"/api/credit-checks/{order}/amendment", new { amount = 500m });
        Assert.Equal("approved", (await amended.Json()).GetProperty("outcome").GetString());
        Assert.Equal(500m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        var tooMuch = await client.PostJson($"/api/credit-checks/{order}/amendment", new { amount = 1_000.01m });
        Assert.Equal("held", (await tooMuch.Json()).GetProperty("outcome").GetString());
        Assert.Equal(500m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());

        for (var i = 0; i < 2; i++)
        {
            var posted = await client.PostJson($"/api/credit-checks/{order}/posting", new { invoiceDocument = "INV-1" });
            Assert.Equal("posted", (await posted.Json()).GetProperty("state").GetString());
        }

        Assert.Equal(0m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        await (await client.PostJson($"/api/credit-checks/{order}/void", new { reason = "late" })).AssertProblem(409, "reservation-not-open");

        var other = Http.Unique("SO");
        await client.CheckOk(customer, other, 200m);
        Assert.Equal("voided", (await (await client.PostJson($"/api/credit-checks/{other}/void", new { reason = "cancelled" })).Json()).GetProperty("state").GetString());
        Assert.Equal("voided", (await (await client.PostJson($"/api/credit-checks/{other}/void", new { reason = "cancelled" })).Json()).GetProperty("state").GetString());
        Assert.Equal(0m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        await (await client.PostJson("/api/credit-checks/NOPE-1/void", new { })).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task Receivables_reach_the_cache_through_the_ledger_hook()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = await app.PostInvoice(customer, 300_00, Today.AddDays(20));
        await client.SetLimit("customer", customer, 1_000m);
        Assert.Equal(300m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
        await app.PostInvoice(customer, 100_00, Today.AddDays(20));
        await app.Settle(invoice, 50_00);
        Assert.Equal(350m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
        Assert.Equal("held", (await client.CheckOk(customer, Http.Unique("SO"), 650.01m)).GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("orderReference", "", "orderReference")]
    [InlineData("currency", "XYZ", "currency")]
    [InlineData("amount", -5, "amount")]
    [InlineData("customer", "NOBODY-x", "customer")]
    public async Task Invalid_checks_are_refused_naming_the_field(string property, object value, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var body = new Dictionary<string, object?> { ["customer"] = customer, ["orderReference"] = Http.Unique("SO"), ["amount"] = 10m, ["currency"] = "USD" };
        body[property] = value;
        await (await client.PostJson("/api/credit-checks", body)).AssertProblem(400, "validation", field);
    }

    [Fact]
    public async Task Checks_need_a_key_and_a_role_that_may_check()
    {
        var anonymous = await app.Anonymous().PostJson("/api/credit-checks", new { customer = "x", orderReference = "y", amount = 1m, currency = "USD" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/credit-checks", new { customer = "x", orderReference = "y", amount = 1m, currency = "USD" })).StatusCode);
        var analyst = await app.ClientAs("CreditAnalyst");
        var setLimit = await analyst.PutAsJsonAsync("/api/credit-lines/portfolio/portfolio", new { limit = 1m, currency = "USD", reason = "x" }, CredoApp.Json);
        Assert.Equal(HttpStatusCode.Forbidden, setLimit.StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> AssertHeld(HttpClient client, string customer, string code)
    {
        var answer = await client.CheckOk(customer, Http.Unique("SO"), 10m);
        Assert.Equal("held", answer.GetProperty("outcome").GetString());
        Assert.Contains(answer.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == code);
        return answer;
    }
}
