using System.Net;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>
/// Money, dates and text at their edges (issue 12 §1): each is refused by field with a ProblemDetails, never a 500,
/// a wrapped sum or a silent rounding.
/// </summary>
public sealed class InputEdgeTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const string MaxLong = "92233720368547758.07";

    private static Task<HttpResponseMessage> PostRaw(HttpClient client, string url, string json, string method = "POST", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    private async Task<(HttpClient Client, string Customer)> Customer(string currency = "USD")
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, currency);
        return (client, customer);
    }

    [Theory]
    [InlineData("invoice", MaxLong)]
    [InlineData("payment", MaxLong)]
    [InlineData("credit-check", MaxLong)]
    [InlineData("adjustment", MaxLong)]
    [InlineData("invoice", "1000000000000.01")]
    [InlineData("credit-check", "-92233720368547758.08")]
    public async Task An_amount_above_the_ceiling_is_refused_by_field(string what, string amount)
    {
        var (client, customer) = await Customer();
        var (url, json) = what switch
        {
            "invoice" => ("/api/invoices", $$"""{"customerNumber":"{{customer}}","number":"{{Http.Unique("INV")}}","amount":{{amount}},"currency":"USD"}"""),
            "payment" => ("/api/payments", $$"""{"customerNumber":"{{customer}}","reference":"{{Http.Unique("PAY")}}","amount":{{amount}},"currency":"USD","method":"cheque"}"""),
            "credit-check" => ("/api/credit-checks", $$"""{"customer":"{{customer}}","orderReference":"{{Http.Unique("O")}}","amount":{{amount}},"currency":"USD"}"""),
            _ => ("/api/adjustments", $$"""{"customerNumber":"{{customer}}","amount":{{amount}},"currency":"USD","reason":"test"}"""),
        };
        var response = await PostRaw(client, url, json, idempotencyKey: what == "credit-check" ? null : Http.Unique("K"));
        await response.AssertProblem(400, "validation", "amount");
    }

    [Fact]
    public async Task A_credit_limit_above_the_ceiling_is_refused_by_field()
    {
        var (client, customer) = await Customer();
        var response = await PostRaw(client, $"/api/credit-lines/customer/{customer}", $$"""{"limit":{{MaxLong}},"currency":"USD","reason":"test"}""", "PUT");
        await response.AssertProblem(400, "validation", "limit");
    }

    [Fact]
    public async Task An_amount_at_the_ceiling_is_accepted()
    {
        var (client, customer) = await Customer();
        await client.Invoice(customer, Http.Unique("INV"), 1_000_000_000_000m);
    }

    [Fact]
    public async Task Balances_and_statements_over_rows_beyond_any_sum_answer_a_clear_problem_not_a_wrap()
    {
        // Rows written straight into the database (as an old version or a forged import might have): the API can
        // no longer take such amounts, but the sums over them must still fail loudly, never wrap.
        var (client, customer) = await Customer();
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = (await db.CustomerId(customer, CancellationToken.None))!.Value;
            for (var i = 0; i < 2; i++)
            {
                var entry = CreditDriver.Invoice(id, long.MaxValue - 10, new DateOnly(2026, 12, 1));
                db.Entries.Add(entry);
            }

            await db.SaveChangesAsync();
            return 0;
        });

        foreach (var url in new[] { $"/api/customers/{customer}/balance", $"/api/customers/{customer}/statement?from=2026-01-01&to=2026-12-31" })
        {
            var response = await client.GetAsync(url);
            await response.AssertProblem(422, "sum-out-of-range");
        }
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31")]
    [InlineData("2200-01-01")]
    public async Task A_date_outside_the_sane_window_is_refused_by_field(string issueDate)
    {
        var (client, customer) = await Customer();
        var response = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), issueDate, amount = 10m, currency = "USD" });
        await response.AssertProblem(400, "validation", "issueDate");
    }

    [Theory]
    [InlineData("1.00000000000000000000000000001")]
    [InlineData("1.0000000000000000000000000001")]
    [InlineData("1.001")]
    [InlineData("1E-30")]
    public async Task More_decimals_than_the_currency_allows_are_refused_even_when_very_many(string amount)
    {
        var (client, customer) = await Customer();
        var response = await PostRaw(client, "/api/invoices", $$"""{"customerNumber":"{{customer}}","number":"{{Http.Unique("INV")}}","amount":{{amount}},"currency":"USD"}""");
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"amount\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_json_keys_are_refused()
    {
        var (client, customer) = await Customer();
        var response = await PostRaw(client, "/api/invoices", $$"""{"customerNumber":"{{customer}}","number":"{{Http.Unique("INV")}}","amount":10,"amount":1000,"currency":"USD"}""");
        await response.AssertProblem(400, "malformed-request");
    }

    [Fact]
    public async Task Malformed_json_is_answered_with_a_problem_naming_the_field_and_position()
    {
        var (client, customer) = await Customer();
        var response = await PostRaw(client, "/api/invoices", $$"""{"customerNumber":"{{customer}}","amount":"ten","currency":"USD"}""");
        var problem = await response.AssertProblem(400, "malformed-request", "amount");
        Assert.Contains("position", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);

        var truncated = await PostRaw(client, "/api/invoices", """{"customerNumber":"C-1","amount":""");
        await truncated.AssertProblem(400, "malformed-request");
    }

    [Fact]
    public async Task Nul_characters_and_over_long_text_in_references_and_reasons_are_refused()
    {
        var (client, customer) = await Customer();
        var nulReference = await PostRaw(client, "/api/credit-checks", $$"""{"customer":"{{customer}}","orderReference":"O-1\u0000x","amount":10,"currency":"USD"}""");
        await nulReference.AssertProblem(400, "validation", "orderReference");

        await client.SetLimit("customer", customer, 1000m);
        var order = Http.Unique("O");
        await client.CheckOk(customer, order, 10m);
        var longReason = await client.PostJson($"/api/credit-checks/{order}/void", new { reason = new string('x', 100_000) });
        Assert.Equal(HttpStatusCode.BadRequest, longReason.StatusCode);
        var nulReason = await client.PostJson($"/api/credit-checks/{order}/void", new { reason = "cancelled\0" });
        await nulReason.AssertProblem(400, "validation", "reason");
        var lineReason = await client.PutAsync($"/api/credit-lines/customer/{customer}", new StringContent($$"""{"limit":10,"currency":"USD","reason":"{{new string('y', 600)}}"}""", Encoding.UTF8, "application/json"));
        await lineReason.AssertProblem(400, "validation", "reason");
    }

    [Fact]
    public async Task A_temporary_increase_already_expired_is_refused()
    {
        var (client, customer) = await Customer();
        var response = await client.PutAsync(
            $"/api/credit-lines/customer/{customer}",
            new StringContent("""{"limit":100,"currency":"USD","temporaryIncrease":50,"temporaryIncreaseExpiresOn":"2020-01-01","reason":"test"}""", Encoding.UTF8, "application/json"));
        await response.AssertProblem(400, "validation", "temporaryIncreaseExpiresOn");
    }

    [Fact]
    public async Task A_credit_check_idempotency_key_must_be_the_order_reference()
    {
        var (client, customer) = await Customer();
        await client.SetLimit("customer", customer, 1000m);
        var order = Http.Unique("O");
        var disagreeing = await client.PostJson("/api/credit-checks", new { customer, orderReference = order, amount = 10m, currency = "USD" }, idempotencyKey: Http.Unique("K"));
        await disagreeing.AssertProblem(422, "idempotency-key-mismatch", "Idempotency-Key");

        var agreeing = await client.PostJson("/api/credit-checks", new { customer, orderReference = order, amount = 10m, currency = "USD" }, idempotencyKey: order);
        Assert.Equal(HttpStatusCode.OK, agreeing.StatusCode);
        var replay = await client.PostJson("/api/credit-checks", new { customer, orderReference = order, amount = 10m, currency = "USD" }, idempotencyKey: order);
        Assert.Equal((await agreeing.Json()).GetProperty("reservationId").GetInt64(), (await replay.Json()).GetProperty("reservationId").GetInt64());
    }

    [Fact]
    public async Task A_currency_without_a_rate_is_refused_or_held_with_the_real_reason()
    {
        var (client, customer) = await Customer();
        await client.SetLimit("customer", customer, 1000m);
        var invoice = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), issueDate = "2026-12-01", amount = 1000m, currency = "JPY" });
        Assert.True(invoice.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await invoice.Content.ReadAsStringAsync());
        if (invoice.StatusCode == HttpStatusCode.Conflict)
        {
            var problem = await invoice.AssertProblem(409, "no-exchange-rate", "currency");
            Assert.Contains("JPY to USD", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        var payment = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), receivedOn = "2026-12-01", amount = 500m, currency = "JPY", method = "cheque" });
        Assert.True(payment.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await payment.Content.ReadAsStringAsync());

        var check = await client.CheckOk(customer, Http.Unique("O"), 100m, "JPY");
        Assert.Equal("held", check.Str("outcome"));
        var reason = check.GetProperty("reasons")[0];
        Assert.Equal("no-exchange-rate", reason.Str("code"));
        Assert.Contains("JPY to USD", reason.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_over_rows_beyond_any_sum_reports_a_clear_problem()
    {
        var (client, customer) = await Customer();
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = (await db.CustomerId(customer, CancellationToken.None))!.Value;
            db.Entries.Add(CreditDriver.Invoice(id, long.MaxValue - 10, new DateOnly(2026, 12, 1)));
            db.Entries.Add(CreditDriver.Invoice(id, long.MaxValue - 10, new DateOnly(2026, 12, 1)));
            await db.SaveChangesAsync();
            return 0;
        });

        foreach (var fix in new[] { false, true })
        {
            var response = await client.GetAsync($"/api/admin/reconcile?fix={fix}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        }

        var balance = await client.PostAsync("/api/credit-lines/reconciliation", null);
        Assert.NotEqual(HttpStatusCode.InternalServerError, balance.StatusCode);
    }
}
