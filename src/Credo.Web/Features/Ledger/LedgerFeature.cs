using Credo.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credo.Web.Features.Ledger;

internal static class LedgerFeature
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.TryAddScoped<IPaymentOutlooks, NoPaymentOutlooks>(); // the analytics slice replaces it with its predictions
        return services
            .AddScoped<PostInvoice>()
            .AddScoped<PostCreditNote>()
            .AddScoped<RecordPayment>()
            .AddScoped<AllocateCredit>()
            .AddScoped<UnapplyAllocation>()
            .AddScoped<ReverseEntry>()
            .AddScoped<WriteOffInvoice>()
            .AddScoped<PostAdjustment>()
            .AddScoped<OpenDispute>()
            .AddScoped<ResolveDispute>()
            .AddScoped<GetDocument>()
            .AddScoped<FindInvoices>()
            .AddScoped<GetOpenItems>()
            .AddScoped<GetStatement>()
            .AddScoped<GetBalanceSummary>()
            .AddScoped<ReconcileLedger>();
    }

    public static void MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/api/invoices").WithTags("Ledger").RequireAuthorization(AccessPolicies.Read);
        invoices.MapGet("/", FindInvoices.Endpoint).WithSummary("List invoices by customer, state, overdue and currency, newest first, with paging.");
        invoices.MapGet("/{number}", GetDocument.InvoiceEndpoint).WithSummary("One invoice with its lines, allocations, history and disputes.");
        invoices.MapPost("/", PostInvoice.Endpoint).RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Post an invoice.");
        invoices.MapPost("/{number}/write-off", WriteOffInvoice.Endpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Write off an invoice's open amount, or part of it, with a reason.");
        invoices.MapPost("/{number}/reversal", ReverseEntry.InvoiceEndpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Reverse an invoice with a reason; its allocations are undone.");
        invoices.MapPost("/{number}/disputes", OpenDispute.Endpoint).RequireAuthorization(AccessPolicies.Disputes).WithSummary("Open a dispute on an invoice.");
        invoices.MapPost("/{number}/disputes/resolve", ResolveDispute.Endpoint).RequireAuthorization(AccessPolicies.Disputes).WithSummary("Resolve the invoice's open dispute.");

        var credits = app.MapGroup("/api/credit-notes").WithTags("Ledger").RequireAuthorization(AccessPolicies.Read);
        credits.MapGet("/{number}", GetDocument.CreditNoteEndpoint).WithSummary("One credit note with its allocations and history.");
        credits.MapPost("/", PostCreditNote.Endpoint).RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Post a credit note: applied to an invoice, oldest-first, or on account.");
        credits.MapPost("/{number}/allocations", AllocateCredit.CreditNoteEndpoint).RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Apply a credit note's unapplied amount to invoices.");
        credits.MapPost("/{number}/reversal", ReverseEntry.CreditNoteEndpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Reverse a credit note with a reason.");

        var payments = app.MapGroup("/api/payments").WithTags("Ledger").RequireAuthorization(AccessPolicies.Read);
        payments.MapGet("/{reference}", GetDocument.PaymentEndpoint).WithSummary("One payment with its allocations and history.");
        payments.MapPost("/", RecordPayment.Endpoint).RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Record a payment, allocated as told or oldest-first.");
        payments.MapPost("/{reference}/allocations", AllocateCredit.PaymentEndpoint).RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Apply a payment's unapplied amount to invoices.");
        payments.MapPost("/{reference}/reversal", ReverseEntry.PaymentEndpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Reverse (bounce) a payment with a reason; the invoices it paid reopen.");

        var ledger = app.MapGroup("/api").WithTags("Ledger").RequireAuthorization(AccessPolicies.Read);
        ledger.MapPost("/adjustments", PostAdjustment.Endpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Post a signed adjustment, applied to an invoice or standalone.");
        ledger.MapPost("/allocations/{id:long}/reversal", UnapplyAllocation.Endpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Undo an allocation with a reason.");
        ledger.MapGet("/entries/{id:long}", GetDocument.EntryEndpoint).WithSummary("Any ledger entry by id, with its allocations and history.");
        ledger.MapPost("/entries/{id:long}/reversal", ReverseEntry.EntryEndpoint).RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Reverse any entry (invoice, credit note, payment, write-off, adjustment) with a reason.");
        ledger.MapGet("/customers/{number}/statement", GetStatement.Endpoint).WithSummary("Statement: opening balance, entries in date order with running balance, paged.");
        ledger.MapGet("/customers/{number}/balance", GetBalanceSummary.Endpoint).WithSummary("Balance per currency as of a date: open, overdue, unapplied, disputed.");
        ledger.MapGet("/customers/{number}/open-items", GetOpenItems.Endpoint).WithSummary("Open invoices and unapplied credits, today or as of a past date (asOf).");

        app.MapGet("/api/admin/reconcile", ReconcileLedger.Endpoint).WithTags("Ledger").RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Entries whose cached open amount, state or dispute flag differ from the derivation.");
    }
}
