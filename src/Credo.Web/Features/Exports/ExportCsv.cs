using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Exports;

/// <summary>
/// CSV exports, streamed row by row from the database. Text cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or CR) are escaped by CsvHelper's injection protection; numbers and dates are
/// written as values, so a negative amount stays a number.
/// </summary>
internal sealed class ExportCsv(ReadDb read, IPaymentOutlooks outlooks)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public static CsvWriterOptions Options { get; } = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\n",
    };

    public async Task Customers(Stream output, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader(["number", "legalName", "tradingName", "taxId", "email", "phone", "currency", "terms", "status", "group", "city", "country"]);
        var rows = db.Customers.AsNoTracking().OrderBy(c => c.Number)
            .Select(c => new { c.Number, c.LegalName, c.TradingName, c.TaxId, c.Email, c.Phone, c.Currency, c.TermsCode, c.Status, Group = c.Group == null ? null : c.Group.Code, c.BillingAddress.City, c.BillingAddress.Country })
            .AsAsyncEnumerable();
        await foreach (var c in rows.WithCancellation(ct))
        {
            await csv.WriteRecordAsync([c.Number, c.LegalName, c.TradingName, c.TaxId, c.Email, c.Phone, c.Currency, c.TermsCode, c.Status.ToString(), c.Group, c.City, c.Country], ct);
        }
    }

    /// <summary>
    /// Every item open at the end of <paramref name="asOf"/>, with its open amount then: invoices owed (positive) and
    /// unapplied credits (negative), derived from the entries and allocations dated by then (never today's cache). With
    /// <paramref name="withOutlook"/>, each open invoice also carries its predicted payment (issue 13 §5, the ledger's
    /// <see cref="IPaymentOutlooks"/> port): empty cells where there is none (credits, or no prediction).
    /// </summary>
    public async Task OpenItems(Stream output, DateOnly asOf, CancellationToken ct, bool withOutlook = false)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        string[] outlookColumns = withOutlook ? ["chanceLate", "expectedDaysLate", "expectedPayDate", "payDateLow", "payDateHigh"] : [];
        csv.WriteHeader(["customer", "kind", "document", "postedOn", "dueOn", "currency", "amount", "open", "state", "disputed", "daysOverdue", .. outlookColumns]);
        var outlookOf = withOutlook ? await outlooks.ForAll(asOf, ct) : new Dictionary<long, PaymentOutlookDto>();
        var numbers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var open = (await db.OpenItemsOn(asOf, customerId: null, ct))
            .OrderBy(o => numbers[o.Item.CustomerId], StringComparer.Ordinal).ThenBy(o => o.Item.PostedOn).ThenBy(o => o.Item.Id);
        foreach (var o in open)
        {
            var e = o.Item;
            var currency = Currency.Of(e.Currency);
            csv.WriteField(numbers[e.CustomerId]);
            csv.WriteField(e.Kind.Slug());
            csv.WriteField(e.Document);
            csv.WriteField(e.PostedOn, default);
            csv.WriteField(e.DueOn, default);
            csv.WriteField(e.Currency);
            WriteMoney(csv, e.AmountMinor, currency);
            WriteMoney(csv, o.OpenMinor, currency);
            csv.WriteField(o.State.ToString());
            csv.WriteField(o.Disputed);
            csv.WriteField(o.OpenMinor > 0 && e.DueOn is { } due && due < asOf ? asOf.DayNumber - due.DayNumber : 0, default);
            if (withOutlook)
            {
                WriteOutlook(csv, outlookOf.GetValueOrDefault(e.Id));
            }

            await csv.EndRecordAsync(ct);
        }
    }

    private static void WriteOutlook(CsvWriter csv, PaymentOutlookDto? outlook)
    {
        if (outlook is null)
        {
            for (var i = 0; i < 5; i++)
            {
                csv.WriteField((string?)null);
            }

            return;
        }

        csv.WriteField(outlook.ProbabilityLate, default);
        csv.WriteField(outlook.ExpectedDaysLate, default);
        csv.WriteField(outlook.ExpectedPayDate, default);
        csv.WriteField(outlook.PayDateLow, default);
        csv.WriteField(outlook.PayDateHigh, default);
    }

    /// <summary>A customer's statement as of a date: every posted entry with the running balance, per currency.</summary>
    public async Task<DomainError?> Statement(Stream output, string customerNumber, DateOnly asOf, CancellationToken ct)
    {
        var customerId = await db.CustomerId(customerNumber, ct);
        if (customerId is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var entries = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.PostedOn <= asOf)
            .OrderBy(e => e.Currency).ThenBy(e => e.PostedOn).ThenBy(e => e.Id)
            .Select(e => new { e.Id, e.PostedOn, e.Kind, e.Document, e.Currency, e.AmountMinor, e.DueOn })
            .ToListAsync(ct);
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader(["customer", "asOf", "date", "kind", "document", "dueOn", "currency", "debit", "credit", "balance"]);
        foreach (var group in entries.GroupBy(e => e.Currency))
        {
            var currency = Currency.Of(group.Key);
            var dueById = group.ToDictionary(e => e.Id, e => e.DueOn);
            var lines = Domain.Ledger.Statement.Run(0, group.Select(e => new StatementEntry(e.Id, e.PostedOn, e.Kind, e.Document, e.AmountMinor)));
            foreach (var line in lines)
            {
                csv.WriteField(customerNumber);
                csv.WriteField(asOf, default);
                csv.WriteField(line.Entry.On, default);
                csv.WriteField(line.Entry.Kind.Slug());
                csv.WriteField(line.Entry.Document);
                csv.WriteField(dueById[line.Entry.EntryId], default);
                csv.WriteField(currency.Code);
                WriteMoney(csv, line.DebitMinor, currency);
                WriteMoney(csv, line.CreditMinor, currency);
                WriteMoney(csv, line.BalanceMinor, currency);
                await csv.EndRecordAsync(ct);
            }
        }

        return null;
    }

    private static void WriteMoney(CsvWriter csv, long minor, Currency currency) =>
        csv.WriteField(new Money(minor, currency).Major, "F" + currency.Scale.ToString(CultureInfo.InvariantCulture));
}

internal static class ExportsFeature
{
    public static IServiceCollection AddExports(this IServiceCollection services) => services.AddScoped<ExportCsv>();

    public static void MapExportsApi(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/exports").WithTags("Exports").RequireAuthorization(AccessPolicies.Read);
        exports.MapGet("/customers.csv", (ExportCsv export) =>
            TypedResults.Stream(stream => export.Customers(stream, CancellationToken.None), "text/csv; charset=utf-8", "customers.csv"))
            .WithSummary("All customers' master data as CSV.");
        exports.MapGet("/open-items.csv", (DateOnly? asOf, bool? outlook, ExportCsv export, CreditDb db) =>
        {
            var on = asOf ?? DateOnly.FromDateTime(db.UtcNow);
            return TypedResults.Stream(stream => export.OpenItems(stream, on, CancellationToken.None, outlook == true), "text/csv; charset=utf-8", $"open-items-{on:yyyy-MM-dd}.csv");
        }).WithSummary("Open items (invoices owed, unapplied credits) as of today or asOf; with outlook=true each open invoice's predicted payment (chance late, expected days late, expected pay date and its P10–P90 range).");
        exports.MapGet("/customers/{number}/statement.csv", async (string number, DateOnly? asOf, ExportCsv export, CreditDb db, CancellationToken ct) =>
        {
            if (await db.CustomerId(number, ct) is null)
            {
                return Problems.NotFound("Customer", number);
            }

            var on = asOf ?? DateOnly.FromDateTime(db.UtcNow);
            return TypedResults.Stream(stream => export.Statement(stream, number, on, CancellationToken.None), "text/csv; charset=utf-8", $"statement-{number}-{on:yyyy-MM-dd}.csv");
        }).WithSummary("A customer's statement with running balance, as of today or asOf.");
    }
}
