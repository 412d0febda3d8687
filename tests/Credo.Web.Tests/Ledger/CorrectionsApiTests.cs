using System.Net;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Ledger;

/// <summary>Reversals, write-offs, adjustments, unapplied allocations and disputes.</summary>
public sealed class CorrectionsApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_bounced_payment_reopens_the_invoices_it_paid()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);
        var reference = Http.Unique("PAY");
        await client.Payment(customer, reference, 100m);
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{invoice}")).Str("state"));

        var reversed = await client.PostJson($"/api/payments/{reference}/reversal", new { reason = "Cheque bounced" }, Http.Unique("key"));
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        var payment = await reversed.Json();
        Assert.Equal("Reversed", payment.Str("state"));
        Assert.Equal(0m, payment.Dec("open"));
        var history = Assert.Single(payment.GetProperty("history").EnumerateArray());
        Assert.Equal("reversal", history.Str("kind"));
        Assert.Equal(100m, history.Dec("balanceEffect"));
        Assert.Equal("Cheque bounced", history.Str("reason"));
        var allocations = payment.GetProperty("allocations");
        Assert.Equal(2, allocations.GetArrayLength());
        Assert.True(allocations[0].GetProperty("undone").GetBoolean());
        Assert.Equal(-100m, allocations[1].Dec("amount"));

        var reopened = await client.Get($"/api/invoices/{invoice}");
        Assert.Equal("Open", reopened.Str("state"));
        Assert.Equal(100m, reopened.Dec("open"));
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(100m, balance.GetProperty("currencies")[0].Dec("balance"));

        var twice = await client.PostJson($"/api/payments/{reference}/reversal", new { reason = "Again" });
        await twice.AssertProblem(409, "already-reversed");
        var reversalId = history.GetProperty("id").GetInt64();
        var ofReversal = await client.PostJson($"/api/entries/{reversalId}/reversal", new { reason = "Undo the undo" });
        await ofReversal.AssertProblem(409, "cannot-reverse-reversal");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Reversing_an_invoice_returns_its_cash_to_unapplied()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);
        var reference = Http.Unique("PAY");
        await client.Payment(customer, reference, 40m);

        var reversed = await (await client.PostJson($"/api/invoices/{invoice}/reversal", new { reason = "Issued in error" })).Json();
        Assert.Equal("Reversed", reversed.Str("state"));
        Assert.Equal(0m, reversed.Dec("open"));
        var payment = await client.Get($"/api/payments/{reference}");
        Assert.Equal("Open", payment.Str("state"));
        Assert.Equal(40m, payment.Dec("open"));

        var allocateToReversed = await client.PostJson($"/api/payments/{reference}/allocations", new { allocations = new[] { new { invoiceNumber = invoice, amount = 1m } } });
        await allocateToReversed.AssertProblem(409, "invoice-reversed", "allocations[0].invoiceNumber");
        await (await client.PostJson($"/api/invoices/{invoice}/reversal", new { reason = "x" })).AssertProblem(409, "already-reversed");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Reversal_needs_a_reason_and_the_corrections_policy()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 10m);
        await (await manager.PostJson($"/api/invoices/{invoice}/reversal", new { reason = " " })).AssertProblem(400, "validation", "reason");
        var collector = await app.ClientAs("Collector");
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.PostJson($"/api/invoices/{invoice}/reversal", new { reason = "x" })).StatusCode);
        await (await manager.PostJson("/api/invoices/NO-SUCH/reversal", new { reason = "x" })).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task Write_off_of_the_remainder_closes_the_invoice()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);
        await client.Payment(customer, Http.Unique("PAY"), 70m);

        var tooMuch = await client.PostJson($"/api/invoices/{invoice}/write-off", new { reason = "Small balance", amount = 30.01m });
        await tooMuch.AssertProblem(409, "write-off-exceeds-open", "amount");
        var badDecimals = await client.PostJson($"/api/invoices/{invoice}/write-off", new { reason = "Small balance", amount = 1.001m });
        await badDecimals.AssertProblem(400, "validation", "amount");

        var part = await (await client.PostJson($"/api/invoices/{invoice}/write-off", new { reason = "Goodwill", amount = 10m }, Http.Unique("key"))).Json();
        Assert.Equal("PartiallyPaid", part.Str("state"));
        Assert.Equal(20m, part.Dec("open"));
        var rest = await (await client.PostJson($"/api/invoices/{invoice}/write-off", new { reason = "Small balance" })).Json();
        Assert.Equal("WrittenOff", rest.Str("state"));
        Assert.Equal(0m, rest.Dec("open"));
        Assert.Equal(2, rest.GetProperty("history").GetArrayLength());
        await (await client.PostJson($"/api/invoices/{invoice}/write-off", new { reason = "Again" })).AssertProblem(409, "nothing-open");

        // Reversing a write-off reopens the invoice by its amount.
        var writeOffId = rest.GetProperty("history")[1].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await client.PostJson($"/api/entries/{writeOffId}/reversal", new { reason = "Customer will pay" })).StatusCode);
        var reopened = await client.Get($"/api/invoices/{invoice}");
        Assert.Equal("PartiallyPaid", reopened.Str("state"));
        Assert.Equal(20m, reopened.Dec("open"));

        // An invoice with a live write-off cannot be reversed before it.
        await (await client.PostJson($"/api/invoices/{invoice}/reversal", new { reason = "x" })).AssertProblem(409, "has-applied-entries");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Adjustments_change_an_invoice_but_never_below_zero()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);

        var up = await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = 15m, reason = "Late fee" }, Http.Unique("key"));
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
        Assert.Equal(115m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));
        var down = await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = -115.01m, reason = "Price correction" });
        await down.AssertProblem(409, "adjustment-exceeds-open", "amount");
        var exact = await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = -115m, reason = "Price correction" });
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{invoice}")).Str("state"));
        await (await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = 1m, currency = "EUR", reason = "x" })).AssertProblem(409, "currency-mismatch", "invoiceNumber");
        await (await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = 0m, reason = "x" })).AssertProblem(400, "validation", "amount");
        await (await client.PostJson("/api/adjustments", new { invoiceNumber = invoice, amount = 1m })).AssertProblem(400, "validation", "reason");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Standalone_adjustments_are_items_of_their_own()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var debit = await (await client.PostJson("/api/adjustments", new { customerNumber = customer, amount = 25m, reason = "Pallet charge", on = "2026-03-01", dueDate = "2026-03-31", reference = Http.Unique("ADJ") })).Json();
        Assert.Equal("adjustment", debit.Str("kind"));
        Assert.Equal(25m, debit.Dec("open"));
        Assert.Equal("2026-03-31", debit.Str("dueOn"));
        var credit = await (await client.PostJson("/api/adjustments", new { customerNumber = customer, amount = -5m, reason = "Rebate" })).Json();
        Assert.Equal(-5m, credit.Dec("balanceEffect"));

        var payment = await client.Payment(customer, Http.Unique("PAY"), 25m);
        Assert.Equal(0m, payment.Dec("open"));
        var items = (await client.Get($"/api/customers/{customer}/open-items")).GetProperty("items");
        var rebate = Assert.Single(items.EnumerateArray());
        Assert.Equal(-5m, rebate.Dec("balanceEffect"));
        var collector = await app.ClientAs("Collector");
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.PostJson("/api/adjustments", new { customerNumber = customer, amount = 1m, reason = "x" })).StatusCode);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task An_allocation_can_be_undone_once()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);
        var payment = await client.Payment(customer, Http.Unique("PAY"), 60m);
        var allocationId = payment.GetProperty("allocations")[0].GetProperty("id").GetInt64();

        // Undoing an allocation is a correction (ADR 0004): a collector applies cash but may not take it back.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.PostJson($"/api/allocations/{allocationId}/reversal", new { reason = "Meant for another invoice" }, Http.Unique("key"))).StatusCode);
        client = manager;
        var undone = await (await client.PostJson($"/api/allocations/{allocationId}/reversal", new { reason = "Meant for another invoice" }, Http.Unique("key"))).Json();
        Assert.Equal(60m, undone.Dec("open"));
        Assert.Equal("Open", (await client.Get($"/api/invoices/{invoice}")).Str("state"));
        await (await client.PostJson($"/api/allocations/{allocationId}/reversal", new { reason = "again" })).AssertProblem(409, "already-undone");
        var undoRowId = undone.GetProperty("allocations")[1].GetProperty("id").GetInt64();
        await (await client.PostJson($"/api/allocations/{undoRowId}/reversal", new { reason = "again" })).AssertProblem(409, "cannot-undo-undo");
        await (await client.PostJson("/api/allocations/999999999/reversal", new { reason = "x" })).AssertProblem(404, "not-found");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task An_invoice_has_at_most_one_open_dispute()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);

        var opened = await (await client.PostJson($"/api/invoices/{invoice}/disputes", new { reason = "Short delivery" })).Json();
        Assert.True(opened.GetProperty("disputed").GetBoolean());
        Assert.Equal("Open", opened.GetProperty("disputes")[0].Str("status"));
        await (await client.PostJson($"/api/invoices/{invoice}/disputes", new { reason = "Again" })).AssertProblem(409, "dispute-already-open");
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(100m, balance.GetProperty("currencies")[0].Dec("disputed"));

        var resolved = await (await client.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "Goods found" })).Json();
        Assert.False(resolved.GetProperty("disputed").GetBoolean());
        Assert.EndsWith(" resolved as valid: Goods found", resolved.GetProperty("disputes")[0].Str("resolution"), StringComparison.Ordinal); // through the dispute's case (issue 14 §4), which the ledger's resolution names
        await (await client.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "x" })).AssertProblem(409, "no-open-dispute");
        await (await client.PostJson($"/api/invoices/{invoice}/disputes", new { reason = "" })).AssertProblem(400, "validation", "reason");
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/invoices/{invoice}/disputes", new { reason = "x" })).StatusCode);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Reversing_a_credit_note_reopens_the_invoice_it_settled()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m, issueDate: "2026-01-10");
        var number = Http.Unique("CN");
        await client.PostJson("/api/credit-notes", new { customerNumber = customer, number, issueDate = "2026-01-15", amount = 25m, currency = "USD", invoiceNumber = invoice });
        Assert.Equal(75m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));

        var tooEarly = await client.PostJson($"/api/credit-notes/{number}/reversal", new { reason = "Raised in error", on = "2026-01-14" });
        await tooEarly.AssertProblem(400, "validation", "on");

        var key = Http.Unique("key");
        var first = await client.PostJson($"/api/credit-notes/{number}/reversal", new { reason = "Raised in error" }, key);
        var replay = await client.PostJson($"/api/credit-notes/{number}/reversal", new { reason = "Raised in error" }, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        var credit = await client.Get($"/api/credit-notes/{number}");
        Assert.Equal("Reversed", credit.Str("state"));
        Assert.Single(credit.GetProperty("history").EnumerateArray());
        Assert.Equal(100m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Any_entry_can_be_reversed_by_id()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var adjustment = await (await client.PostJson("/api/adjustments", new { customerNumber = customer, amount = 12m, reason = "Handling" })).Json();
        var id = adjustment.GetProperty("id").GetInt64();
        var entry = await client.Get($"/api/entries/{id}");
        Assert.Equal("adjustment", entry.Str("kind"));

        var reversed = await (await client.PostJson($"/api/entries/{id}/reversal", new { reason = "Not chargeable" })).Json();
        Assert.Equal("Reversed", reversed.Str("state"));
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(0m, balance.GetProperty("currencies")[0].Dec("balance"));
        await (await client.PostJson("/api/entries/987654321/reversal", new { reason = "x" })).AssertProblem(404, "not-found");
        await (await client.GetAsync("/api/entries/987654321")).AssertProblem(404, "not-found");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_credit_note_is_allocated_explicitly_later()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var a = Http.Unique("INV");
        var b = Http.Unique("INV");
        await client.Invoice(customer, a, 40m, issueDate: "2026-01-01");
        await client.Invoice(customer, b, 40m, issueDate: "2026-01-02");
        var number = Http.Unique("CN");
        await client.PostJson("/api/credit-notes", new { customerNumber = customer, number, amount = 50m, currency = "USD" });

        var refused = await client.PostJson($"/api/credit-notes/{number}/allocations", new { allocations = new[] { new { invoiceNumber = a, amount = 30m }, new { invoiceNumber = b, amount = 30m } } });
        await refused.AssertProblem(409, "over-allocation", "allocations");
        var applied = await (await client.PostJson($"/api/credit-notes/{number}/allocations", new { allocations = new[] { new { invoiceNumber = b, amount = 40m } } })).Json();
        Assert.Equal(10m, applied.Dec("open"));
        Assert.Equal("Paid", (await client.Get($"/api/invoices/{b}")).Str("state"));
        Assert.Equal("Open", (await client.Get($"/api/invoices/{a}")).Str("state"));
        await (await client.PostJson("/api/credit-notes/NO-SUCH/allocations", new { })).AssertProblem(404, "not-found");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Corrections_refuse_closed_or_reversed_items_and_early_dates()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var paid = Http.Unique("INV");
        await client.Invoice(customer, paid, 10m, issueDate: "2026-01-10");
        var reference = Http.Unique("PAY");
        await client.Payment(customer, reference, 15m, receivedOn: "2026-02-01");

        var creditToPaid = await client.PostJson("/api/credit-notes", new { customerNumber = customer, number = Http.Unique("CN"), amount = 5m, currency = "USD", invoiceNumber = paid });
        await creditToPaid.AssertProblem(409, "invoice-not-open", "invoiceNumber");
        var early = await client.PostJson($"/api/payments/{reference}/allocations", new { appliedOn = "2026-01-31" });
        await early.AssertProblem(400, "validation", "appliedOn");
        var open = Http.Unique("INV");
        await client.Invoice(customer, open, 10m, issueDate: "2026-01-10");
        var earlyWriteOff = await client.PostJson($"/api/invoices/{open}/write-off", new { reason = "x", on = "2026-01-09" });
        await earlyWriteOff.AssertProblem(400, "validation", "on");

        var reversedInvoice = Http.Unique("INV");
        await client.Invoice(customer, reversedInvoice, 10m);
        await client.PostJson($"/api/invoices/{reversedInvoice}/reversal", new { reason = "Duplicate" });
        await (await client.PostJson($"/api/invoices/{reversedInvoice}/write-off", new { reason = "x" })).AssertProblem(409, "invoice-reversed");
        await (await client.PostJson($"/api/invoices/{reversedInvoice}/disputes", new { reason = "x" })).AssertProblem(409, "invoice-reversed");
        await (await client.PostJson("/api/adjustments", new { invoiceNumber = reversedInvoice, amount = 1m, reason = "x" })).AssertProblem(409, "invoice-reversed", "invoiceNumber");

        var collector = await app.ClientAs("Collector");
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.PostJson($"/api/invoices/{paid}/write-off", new { reason = "x" })).StatusCode);
        await app.AssertReconciled();
    }
}
