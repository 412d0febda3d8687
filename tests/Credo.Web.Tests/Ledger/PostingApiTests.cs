using System.Net;
using System.Net.Http.Json;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Ledger;

/// <summary>Invoices, credit notes and payments: happy paths and refusals by problem type.</summary>
public sealed class PostingApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Invoice_is_due_on_the_customers_terms_and_readable_by_number()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, terms: "NET30");
        var number = Http.Unique("INV");
        var response = await client.PostJson("/api/invoices", new { customerNumber = customer, number, issueDate = "2026-01-10", amount = 1250.50m, currency = "usd", poNumber = "PO-7" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/invoices/{number}", response.Headers.Location?.OriginalString);

        var invoice = await client.Get($"/api/invoices/{number}");
        Assert.Equal("invoice", invoice.Str("kind"));
        Assert.Equal("2026-02-09", invoice.Str("dueOn"));
        Assert.Equal("USD", invoice.Str("currency"));
        Assert.Equal(1250.50m, invoice.Dec("amount"));
        Assert.Equal(1250.50m, invoice.Dec("open"));
        Assert.Equal("Open", invoice.Str("state"));
        Assert.Equal("NET30", invoice.Str("terms"));
        Assert.Equal("PO-7", invoice.Str("poNumber"));
    }

    [Fact]
    public async Task Given_terms_or_due_date_win_over_the_customers()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, terms: "NET30");
        var byTerms = await (await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), issueDate = "2026-01-10", amount = 10m, terms = "EOM+15" })).Json();
        Assert.Equal("2026-02-15", byTerms.Str("dueOn"));
        var byDate = await (await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), issueDate = "2026-01-10", dueDate = "2026-01-20", amount = 10m })).Json();
        Assert.Equal("2026-01-20", byDate.Str("dueOn"));
    }

    [Fact]
    public async Task Invoice_lines_must_add_up_to_the_amount()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var lines = new object[]
        {
            new { description = "Widgets", sku = "W-1", quantity = 2.5m, unitPrice = 10.00m },
            new { description = "Freight", quantity = 1m, unitPrice = 5.25m },
        };
        var wrong = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 30m, currency = "USD", lines });
        await wrong.AssertProblem(400, "validation", "lines");

        var number = Http.Unique("INV");
        var right = await client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = 30.25m, currency = "USD", lines });
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        var invoice = await client.Get($"/api/invoices/{number}");
        Assert.Equal(2, invoice.GetProperty("lines").GetArrayLength());
        Assert.Equal(25.00m, invoice.GetProperty("lines")[0].Dec("amount"));
        Assert.Equal(2.5m, invoice.GetProperty("lines")[0].Dec("quantity"));
    }

    [Theory]
    [InlineData("amount", "10.001", "validation", "amount")]
    [InlineData("amount", "-5", "validation", "amount")]
    [InlineData("amount", "0", "validation", "amount")]
    [InlineData("currency", "XYZ", "validation", "currency")]
    [InlineData("customerNumber", "NO-SUCH-CUSTOMER", "validation", "customerNumber")]
    [InlineData("number", "bad number!", "validation", "number")]
    [InlineData("terms", "whenever", "validation", "terms")]
    public async Task Invalid_invoices_are_refused_naming_the_field(string property, string value, string code, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var body = new Dictionary<string, object?>
        {
            ["customerNumber"] = customer,
            ["number"] = Http.Unique("INV"),
            ["amount"] = 100m,
            ["currency"] = "USD",
        };
        body[property] = property == "amount" ? decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;
        await (await client.PostJson("/api/invoices", body)).AssertProblem(400, code, field);
    }

    [Fact]
    public async Task A_yen_amount_with_decimals_is_refused()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, currency: "JPY");
        var refused = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 100.5m, currency = "JPY" });
        await refused.AssertProblem(400, "validation", "amount");
        var accepted = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 100m });
        Assert.Equal("JPY", (await accepted.Json()).Str("currency"));
    }

    [Fact]
    public async Task Duplicate_invoice_number_is_a_conflict()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var number = Http.Unique("INV");
        await client.Invoice(customer, number, 10m);
        var again = await client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = 20m, currency = "USD" });
        await again.AssertProblem(409, "duplicate-document", "number");
    }

    [Fact]
    public async Task Closed_customer_cannot_be_invoiced()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var closed = await client.PutAsJsonAsync($"/api/customers/{customer}", new { legalName = "Gone Ltd", currency = "USD", terms = "NET30", status = "Closed" }, CredoApp.Json);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var refused = await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 10m, currency = "USD" });
        await refused.AssertProblem(409, "customer-closed", "customerNumber");
    }

    [Fact]
    public async Task Payment_goes_oldest_first_and_the_rest_stays_on_account()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var later = Http.Unique("INV");
        var older = Http.Unique("INV");
        await client.Invoice(customer, later, 100m, issueDate: "2026-01-20");
        await client.Invoice(customer, older, 60m, issueDate: "2026-01-05");
        var reference = Http.Unique("PAY");

        var payment = await client.Payment(customer, reference, 200m);
        Assert.Equal(200m, payment.Dec("amount"));
        Assert.Equal(40m, payment.Dec("open"));
        Assert.Equal(-200m, payment.Dec("balanceEffect"));
        Assert.Equal("PartiallyPaid", payment.Str("state"));
        var allocations = payment.GetProperty("allocations");
        Assert.Equal(2, allocations.GetArrayLength());
        Assert.Equal(older, allocations[0].Str("debitDocument"));
        Assert.Equal(60m, allocations[0].Dec("amount"));
        Assert.Equal(100m, allocations[1].Dec("amount"));

        Assert.Equal("Paid", (await client.Get($"/api/invoices/{older}")).Str("state"));
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{later}")).Str("state"));
        var openItems = await client.Get($"/api/customers/{customer}/open-items");
        var only = Assert.Single(openItems.GetProperty("items").EnumerateArray());
        Assert.Equal("payment", only.Str("kind"));
        Assert.Equal(-40m, only.Dec("balanceEffect"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Explicit_allocations_settle_the_named_invoices_only()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var first = Http.Unique("INV");
        var second = Http.Unique("INV");
        await client.Invoice(customer, first, 100m, issueDate: "2026-01-01");
        await client.Invoice(customer, second, 100m, issueDate: "2026-01-02");

        var payment = await client.Payment(customer, Http.Unique("PAY"), 80m, [new { invoiceNumber = second, amount = 30m }]);
        Assert.Equal(50m, payment.Dec("open"));
        Assert.Equal("Open", (await client.Get($"/api/invoices/{first}")).Str("state"));
        var settled = await client.Get($"/api/invoices/{second}");
        Assert.Equal("PartiallyPaid", settled.Str("state"));
        Assert.Equal(70m, settled.Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Payment_without_auto_allocation_stays_unapplied_until_allocated()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);
        var reference = Http.Unique("PAY");
        var payment = await client.Payment(customer, reference, 100m, autoAllocate: false);
        Assert.Equal("Open", payment.Str("state"));
        Assert.Equal(100m, payment.Dec("open"));

        var allocated = await client.PostJson($"/api/payments/{reference}/allocations", new { allocations = new[] { new { invoiceNumber = invoice, amount = 100m } } }, Http.Unique("key"));
        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        Assert.Equal("Paid", (await allocated.Json()).Str("state"));
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{invoice}")).Str("state"));

        var nothingLeft = await client.PostJson($"/api/payments/{reference}/allocations", new { });
        await nothingLeft.AssertProblem(409, "nothing-unapplied");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Over_allocation_is_refused_per_line_and_in_total()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var a = Http.Unique("INV");
        var b = Http.Unique("INV");
        await client.Invoice(customer, a, 50m);
        await client.Invoice(customer, b, 50m);

        var beyondInvoice = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 100m, currency = "USD", method = "card", allocations = new[] { new { invoiceNumber = a, amount = 50.01m } } });
        await beyondInvoice.AssertProblem(409, "over-allocation", "allocations[0].amount");

        var beyondPayment = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 60m, currency = "USD", method = "card", allocations = new[] { new { invoiceNumber = a, amount = 40m }, new { invoiceNumber = b, amount = 40m } } });
        await beyondPayment.AssertProblem(409, "over-allocation", "allocations");

        var sameTwice = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 100m, currency = "USD", method = "card", allocations = new[] { new { invoiceNumber = a, amount = 30m }, new { invoiceNumber = a, amount = 30m } } });
        await sameTwice.AssertProblem(409, "over-allocation", "allocations[1].amount");

        Assert.Equal(50m, (await client.Get($"/api/invoices/{a}")).Dec("open"));
    }

    [Fact]
    public async Task Allocation_to_another_currency_or_customer_is_refused()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var other = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.CreateCustomer(other);
        var usd = Http.Unique("INV");
        var theirs = Http.Unique("INV");
        await client.Invoice(customer, usd, 50m);
        await client.Invoice(other, theirs, 50m);

        var eur = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 50m, currency = "EUR", method = "cash", allocations = new[] { new { invoiceNumber = usd, amount = 50m } } });
        await eur.AssertProblem(409, "currency-mismatch", "allocations[0].invoiceNumber");

        var wrong = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 50m, currency = "USD", method = "cash", allocations = new[] { new { invoiceNumber = theirs, amount = 50m } } });
        await wrong.AssertProblem(409, "wrong-customer", "allocations[0].invoiceNumber");

        var unknown = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 50m, currency = "USD", method = "cash", allocations = new[] { new { invoiceNumber = "NOPE-1", amount = 50m } } });
        await unknown.AssertProblem(400, "validation", "allocations[0].invoiceNumber");

        // A EUR payment without explicit allocations does not touch USD invoices.
        var eurOnAccount = await client.Payment(customer, Http.Unique("PAY"), 50m, currency: "EUR");
        Assert.Equal(50m, eurOnAccount.Dec("open"));
        Assert.Equal(50m, (await client.Get($"/api/invoices/{usd}")).Dec("open"));
    }

    [Theory]
    [InlineData("method", "barter", "method")]
    [InlineData("amount", "-1", "amount")]
    [InlineData("amount", "1.234", "amount")]
    [InlineData("currency", "ABC", "currency")]
    [InlineData("reference", "", "reference")]
    public async Task Invalid_payments_are_refused_naming_the_field(string property, string value, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var body = new Dictionary<string, object?>
        {
            ["customerNumber"] = customer,
            ["reference"] = Http.Unique("PAY"),
            ["amount"] = 10m,
            ["currency"] = "USD",
            ["method"] = "cheque",
        };
        body[property] = property == "amount" ? decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;
        await (await client.PostJson("/api/payments", body)).AssertProblem(400, "validation", field);
    }

    [Fact]
    public async Task Duplicate_payment_reference_is_a_conflict()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var reference = Http.Unique("PAY");
        await client.Payment(customer, reference, 10m);
        var again = await client.PostJson("/api/payments", new { customerNumber = customer, reference, amount = 10m, currency = "USD", method = "cash" });
        await again.AssertProblem(409, "duplicate-document", "reference");
    }

    [Fact]
    public async Task Credit_note_applies_to_a_named_invoice_and_the_rest_goes_on_account()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 80m);
        var number = Http.Unique("CN");
        var response = await client.PostJson("/api/credit-notes", new { customerNumber = customer, number, amount = 100m, currency = "USD", reason = "Damaged goods", invoiceNumber = invoice });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var credit = await response.Json();
        Assert.Equal("credit-note", credit.Str("kind"));
        Assert.Equal(20m, credit.Dec("open"));
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{invoice}")).Str("state"));

        var next = Http.Unique("INV");
        await client.Invoice(customer, next, 50m);
        var applied = await (await client.PostJson($"/api/credit-notes/{number}/allocations", new { })).Json();
        Assert.Equal("Paid", applied.Str("state"));
        Assert.Equal(30m, (await client.Get($"/api/invoices/{next}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Credit_note_on_account_or_oldest_first()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 80m);
        var onAccount = await (await client.PostJson("/api/credit-notes", new { customerNumber = customer, number = Http.Unique("CN"), amount = 10m, currency = "USD" })).Json();
        Assert.Equal(10m, onAccount.Dec("open"));
        Assert.Equal(80m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));

        var auto = await (await client.PostJson("/api/credit-notes", new { customerNumber = customer, number = Http.Unique("CN"), amount = 10m, currency = "USD", autoAllocate = true })).Json();
        Assert.Equal(0m, auto.Dec("open"));
        Assert.Equal(70m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));
    }

    [Fact]
    public async Task Unknown_documents_are_404()
    {
        var client = await app.ClientAs("Viewer");
        await (await client.GetAsync("/api/invoices/NO-SUCH")).AssertProblem(404, "not-found");
        await (await client.GetAsync("/api/payments/NO-SUCH")).AssertProblem(404, "not-found");
        await (await client.GetAsync("/api/credit-notes/NO-SUCH")).AssertProblem(404, "not-found");
        await (await client.GetAsync("/api/customers/NO-SUCH/statement")).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task Posting_needs_a_key_and_the_receivables_policy()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var body = new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 10m, currency = "USD", method = "cash" };

        await (await app.Anonymous().PostJson("/api/payments", body)).AssertProblem(401, "unauthorized");
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/payments", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 1m })).StatusCode);
        var analyst = await app.ClientAs("CreditAnalyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostJson("/api/payments", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/customers/{customer}/balance")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJson("/api/payments", body)).StatusCode);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_and_posts_once()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var key = Http.Unique("key");
        var body = new { customerNumber = customer, number = Http.Unique("INV"), amount = 42m, currency = "USD" };
        var first = await client.PostJson("/api/invoices", body, key);
        var second = await client.PostJson("/api/invoices", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, (await client.Get($"/api/invoices?customer={customer}")).GetProperty("total").GetInt32());

        var different = await client.PostJson("/api/invoices", body with { amount = 43m }, key);
        await different.AssertProblem(422, "idempotency-key-reused", "Idempotency-Key");

        var payKey = Http.Unique("key");
        var payment = new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 42m, currency = "USD", method = "cash" };
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/api/payments", payment, payKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/api/payments", payment, payKey)).StatusCode);
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(0m, balance.GetProperty("currencies")[0].Dec("balance"));
    }

    [Fact]
    public async Task Twenty_concurrent_retries_with_one_idempotency_key_all_get_the_first_answer_and_post_once()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.PostJson("/api/invoices", new { customerNumber = customer, number = Http.Unique("INV"), amount = 100m, currency = "USD" });
        var key = Http.Unique("key");
        var payment = new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 40m, currency = "USD", method = "cash" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostJson("/api/payments", payment, key)));

        var bodies = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Single(responses, r => !r.Headers.Contains("Idempotent-Replayed"));
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(60m, balance.GetProperty("currencies")[0].Dec("balance"));
    }

    [Fact]
    public async Task A_refused_request_leaves_its_idempotency_key_free()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var key = Http.Unique("key");
        var number = Http.Unique("INV");
        var refused = await client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = -1m, currency = "USD" }, key);
        await refused.AssertProblem(400, "validation", "amount");
        var corrected = await client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = 1m, currency = "USD" }, key);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task Invoices_are_listed_with_state_and_overdue_filters_and_paging()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var paid = Http.Unique("INV");
        await client.Invoice(customer, paid, 10m, issueDate: "2026-01-01");
        await client.Invoice(customer, Http.Unique("INV"), 20m, issueDate: "2026-01-02");
        await client.Invoice(customer, Http.Unique("INV"), 30m, issueDate: "2026-01-03", dueDate: "2099-01-01");
        await client.Payment(customer, Http.Unique("PAY"), 10m, [new { invoiceNumber = paid, amount = 10m }]);

        var all = await client.Get($"/api/invoices?customer={customer}&pageSize=2&page=2");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(paid, Assert.Single(all.GetProperty("items").EnumerateArray()).Str("number"));
        var paidOnly = await client.Get($"/api/invoices?customer={customer}&state=Paid");
        Assert.Equal(paid, Assert.Single(paidOnly.GetProperty("items").EnumerateArray()).Str("number"));
        var overdue = await client.Get($"/api/invoices?customer={customer}&overdue=true");
        var item = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal(20m, item.Dec("amount"));
        Assert.True(item.GetProperty("daysOverdue").GetInt32() > 0);
        await (await client.GetAsync($"/api/invoices?customer={customer}&pageSize=1000")).AssertProblem(400, "validation", "pageSize");
    }

    [Fact]
    public async Task Amounts_show_the_currencys_decimals_and_the_api_is_described()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, currency: "BHD");
        var number = Http.Unique("INV");
        await client.Invoice(customer, number, 12.5m, currency: "BHD");
        var text = await (await client.GetAsync($"/api/invoices/{number}")).Content.ReadAsStringAsync();
        Assert.Contains("\"amount\":12.500", text, StringComparison.Ordinal);

        var openApi = await (await app.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.Contains("/api/payments/{reference}/allocations", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/customers/{number}/statement", openApi, StringComparison.Ordinal);
    }
}
