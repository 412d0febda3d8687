using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Reverses a posted item with a reason: its live allocations are undone with negative allocation rows, then a
/// Reversal entry of the opposite amount is applied to it. Invoices and credits it settled reopen. A bounced
/// payment is the reversal of the payment. Reversing twice, or reversing a reversal, is refused.
/// </summary>
internal sealed class ReverseEntry(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(ReverseEntryRequest request, CancellationToken ct)
    {
        if (LedgerInputs.Reason(request.Reason) is { } badReason)
        {
            return badReason;
        }

        var reason = request.Reason!.Trim();
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            () => Reverse(request, reason, ct),
            ct,
            async () => request.EntryId is { } id && await db.Entries.AnyAsync(e => e.AppliesToId == id && e.Kind == EntryKind.Reversal, ct)
                ? new Refusal("already-reversed", "This entry has already been reversed.")
                : null);
    }

    /// <summary>Inside the transaction: load and check the entry and what it applies to, undo its allocations, post the reversal, save.</summary>
    private async Task<Result<DocumentDto>> Reverse(ReverseEntryRequest request, string reason, CancellationToken ct)
    {
        var original = request.EntryId is { } id
            ? await db.Entries.SingleOrDefaultAsync(e => e.Id == id, ct)
            : await db.Entries.SingleOrDefaultAsync(e => e.Kind == request.Kind && e.Document == request.Document, ct);
        if (original is null)
        {
            return new NotFound(request.Kind?.Slug() ?? "Entry", request.Document ?? request.EntryId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        if (await CheckReversible(original, ct) is { } refused)
        {
            return refused;
        }

        var target = await Target(original, ct);
        if (!target.IsOk)
        {
            return target.Error!;
        }

        var on = request.On ?? Later(db.Today(), original.PostedOn);
        if (on < original.PostedOn)
        {
            return new ValidationFailed("on", "A reversal cannot be dated before the entry it reverses.");
        }

        var counterparts = await UndoAllocations(original, on, reason, ct);
        var reversal = Reversal(original, on, reason);
        db.Entries.Add(reversal);
        List<long> touched = [original.Id, .. counterparts];
        if (target.Value is { } changed)
        {
            touched.Add(changed.Id);
        }

        await LedgerCache.Refresh(db, [reversal], touched, ct);
        await db.SaveChangesAsync(ct);
        return (await Documents.Load(db, original.Id, ct))!;
    }

    /// <summary>Refused when the entry was reversed already, is a reversal, or has live entries applied to it (the ledger's rule).</summary>
    private async Task<DomainError?> CheckReversible(LedgerEntry original, CancellationToken ct)
    {
        var applied = await db.Entries.Where(e => e.AppliesToId == original.Id).ToListAsync(ct);
        var appliedIds = applied.Select(a => a.Id).ToList();
        var reversedApplied = await db.Entries
            .Where(e => e.AppliesToId != null && appliedIds.Contains(e.AppliesToId.Value) && e.Kind == EntryKind.Reversal)
            .Select(e => e.AppliesToId!.Value).ToListAsync(ct);
        var alreadyReversed = applied.Any(a => a.Kind == EntryKind.Reversal);
        var live = applied.Any(a => a.Kind != EntryKind.Reversal && !reversedApplied.Contains(a.Id));
        return Corrections.CanReverse(original.Kind, alreadyReversed, live);
    }

    /// <summary>An applied write-off or adjustment changes its item back: the item (tracked), checked; none for an entry applied to nothing.</summary>
    private async Task<Result<LedgerEntry?>> Target(LedgerEntry original, CancellationToken ct)
    {
        if (original.AppliesToId is not { } targetId)
        {
            return Result<LedgerEntry?>.Ok(null);
        }

        var target = await db.Entries.SingleAsync(e => e.Id == targetId, ct);
        if (target.State == ItemState.Reversed)
        {
            return new Refusal("item-reversed", "The item this entry applies to has been reversed.");
        }

        if (Corrections.Adjust(target.OpenMinor, -original.AmountMinor, "entryId") is { } negative)
        {
            return negative;
        }

        return target;
    }

    /// <summary>Adds a negative allocation row for each live allocation of the entry; returns the items on their other side (loaded, tracked).</summary>
    private async Task<List<long>> UndoAllocations(LedgerEntry original, DateOnly on, string reason, CancellationToken ct)
    {
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.CreditId == original.Id || a.DebitId == original.Id).ToListAsync(ct);
        var undone = allocations.Where(a => a.ReversesId is not null).Select(a => a.ReversesId!.Value).ToHashSet();
        var liveAllocations = allocations.Where(a => a.AmountMinor > 0 && a.ReversesId is null && !undone.Contains(a.Id)).ToList();
        var counterparts = liveAllocations.Select(a => a.CreditId == original.Id ? a.DebitId : a.CreditId).Distinct().ToList();
        await db.Entries.Where(e => counterparts.Contains(e.Id)).LoadAsync(ct);
        foreach (var a in liveAllocations)
        {
            db.Allocations.Add(new AllocationEntry
            {
                CustomerId = a.CustomerId,
                CreditId = a.CreditId,
                DebitId = a.DebitId,
                Currency = a.Currency,
                AmountMinor = -a.AmountMinor,
                AppliedOn = on,
                ReversesId = a.Id,
                Reason = Truncate($"Reversal of {original.Kind.Slug()} {original.Document ?? original.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {reason}"),
                RecordedAtUtc = db.UtcNow,
                RecordedBy = db.Actor.Name,
            });
        }

        return counterparts;
    }

    /// <summary>The Reversal entry: the opposite amount, applied to the original, settled at once.</summary>
    private LedgerEntry Reversal(LedgerEntry original, DateOnly on, string reason) => new()
    {
        CustomerId = original.CustomerId,
        Kind = EntryKind.Reversal,
        PostedOn = on,
        Currency = original.Currency,
        AmountMinor = checked(-original.AmountMinor),
        AppliesToId = original.Id,
        Reason = reason,
        RecordedAtUtc = db.UtcNow,
        RecordedBy = db.Actor.Name,
        OpenMinor = 0,
        State = ItemState.Reversed,
    };

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500];

    public static async Task<IResult> EntryEndpoint(long id, ReverseEntryRequest request, ReverseEntry use, CancellationToken ct) =>
        Respond(await use.Handle(request with { EntryId = id }, ct));

    public static async Task<IResult> InvoiceEndpoint(string number, ReverseEntryRequest request, ReverseEntry use, CancellationToken ct) =>
        Respond(await use.Handle(request with { Kind = EntryKind.Invoice, Document = number }, ct));

    public static async Task<IResult> CreditNoteEndpoint(string number, ReverseEntryRequest request, ReverseEntry use, CancellationToken ct) =>
        Respond(await use.Handle(request with { Kind = EntryKind.CreditNote, Document = number }, ct));

    public static async Task<IResult> PaymentEndpoint(string reference, ReverseEntryRequest request, ReverseEntry use, CancellationToken ct) =>
        Respond(await use.Handle(request with { Kind = EntryKind.Payment, Document = reference }, ct));

    private static IResult Respond(Result<DocumentDto> result) =>
        result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
