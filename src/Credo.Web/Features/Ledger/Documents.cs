using Credo.Domain.Amounts;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Reads a ledger entry as a document: lines, allocations (both sides), applied entries and disputes.</summary>
internal static class Documents
{
    public static async Task<DocumentDto?> Load(CreditDb db, long entryId, CancellationToken ct)
    {
        var e = await db.Entries.AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == entryId, ct);
        if (e is null)
        {
            return null;
        }

        var customerNumber = await db.Customers.Where(c => c.Id == e.CustomerId).Select(c => c.Number).SingleAsync(ct);
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.CreditId == e.Id || a.DebitId == e.Id).OrderBy(a => a.Id).ToListAsync(ct);
        var otherIds = allocations.SelectMany(a => new[] { a.CreditId, a.DebitId }).Distinct().ToList();
        var others = await db.Entries.AsNoTracking().Where(x => otherIds.Contains(x.Id))
            .Select(x => new { x.Id, x.Kind, x.Document }).ToDictionaryAsync(x => x.Id, ct);
        var undone = allocations.Where(a => a.ReversesId is not null).Select(a => a.ReversesId!.Value).ToHashSet();

        var applied = await db.Entries.AsNoTracking().Where(x => x.AppliesToId == e.Id).ToListAsync(ct);
        var appliedIds = applied.Select(a => a.Id).ToList();
        var reversalsOfApplied = await db.Entries.AsNoTracking()
            .Where(x => x.AppliesToId != null && appliedIds.Contains(x.AppliesToId.Value)).ToListAsync(ct);
        var disputes = await db.Disputes.AsNoTracking().Where(d => d.EntryId == e.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var today = db.Today();

        return new DocumentDto(
            e.Id,
            e.Kind.Slug(),
            e.Document,
            customerNumber,
            e.PostedOn,
            e.DueOn,
            e.Currency,
            Major(Math.Abs(e.AmountMinor), e.Currency),
            Major(Math.Abs(e.OpenMinor), e.Currency),
            Major(e.AmountMinor, e.Currency),
            e.State,
            e.Disputed,
            DaysOverdue(e.OpenMinor, e.DueOn, today),
            e.TermsCode,
            e.PoNumber,
            e.ExternalRef,
            e.Method,
            e.Reason,
            e.AppliesToId,
            [.. e.Lines.OrderBy(l => l.LineNo).Select(l => new InvoiceLineDto(
                l.LineNo, l.Description, l.Sku, l.QuantityMilli / 1000m, Major(l.UnitPriceMinor, e.Currency), Major(l.AmountMinor, e.Currency)))],
            [.. allocations.Select(a => new AllocationDto(
                a.Id,
                others[a.CreditId].Kind.Slug(),
                others[a.CreditId].Document,
                others[a.DebitId].Kind.Slug(),
                others[a.DebitId].Document,
                Major(a.AmountMinor, a.Currency),
                a.Currency,
                a.AppliedOn,
                a.ReversesId,
                undone.Contains(a.Id),
                a.Reason,
                a.RecordedAtUtc,
                a.RecordedBy))],
            [.. applied.Concat(reversalsOfApplied).OrderBy(x => x.Id).Select(x => new HistoryEntryDto(
                x.Id, x.Kind.Slug(), x.Document, x.PostedOn, Major(x.AmountMinor, x.Currency), x.Currency, x.Reason, x.AppliesToId, x.RecordedAtUtc, x.RecordedBy))],
            [.. disputes.Select(d => new DisputeDto(d.Id, d.Status.ToString(), d.Reason, d.OpenedAtUtc, d.OpenedBy, d.ResolvedAtUtc, d.ResolvedBy, d.Resolution))],
            e.Version,
            e.RecordedAtUtc,
            e.RecordedBy);
    }

    /// <summary>Major units with exactly the currency's decimals (so JSON shows 100.00 USD, 100 JPY, 1.500 BHD).</summary>
    public static decimal Major(long minor, string currency)
    {
        var scale = (byte)Domain.Amounts.Currency.Of(currency).Scale;
        var magnitude = minor == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(minor);
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, minor < 0, scale); // bit slices, not values
    }

    /// <summary>Days past due of something still owed; 0 when not owed or not yet due.</summary>
    public static int DaysOverdue(long openMinor, DateOnly? dueOn, DateOnly today) =>
        openMinor > 0 && dueOn is { } due && due < today ? today.DayNumber - due.DayNumber : 0;

    public static string Location(LedgerEntry e) => e.Kind switch
    {
        EntryKind.Invoice => $"/api/invoices/{Uri.EscapeDataString(e.Document!)}",
        EntryKind.CreditNote => $"/api/credit-notes/{Uri.EscapeDataString(e.Document!)}",
        EntryKind.Payment => $"/api/payments/{Uri.EscapeDataString(e.Document!)}",
        EntryKind.Adjustment => $"/api/entries/{e.Id}",
        EntryKind.WriteOff => $"/api/entries/{e.Id}",
        EntryKind.Reversal => $"/api/entries/{e.Id}",
    };
}
