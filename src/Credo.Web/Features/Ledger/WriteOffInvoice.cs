using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Writes off an invoice's open amount (or a part of it) with a reason: a WriteOff entry applied to the invoice.
/// The invoice becomes WrittenOff when nothing is left open.
/// </summary>
internal sealed class WriteOffInvoice(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(WriteOffRequest request, CancellationToken ct)
    {
        if (LedgerInputs.Reason(request.Reason) is { } badReason)
        {
            return badReason;
        }

        var number = request.InvoiceNumber?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var found = await db.InvoiceByNumber(number, refuseReversed: true, ct);
                if (!found.IsOk)
                {
                    return found.Error!;
                }

                var invoice = found.Value!;

                long? requested = null;
                if (request.Amount is not null)
                {
                    var amount = MoneyJson.Positive(request.Amount, Currency.Of(invoice.Currency));
                    if (!amount.IsOk)
                    {
                        return amount.Error!;
                    }

                    requested = amount.Value.Minor;
                }

                var writeOff = Corrections.WriteOff(invoice.OpenMinor, requested);
                if (!writeOff.IsOk)
                {
                    return writeOff.Error!;
                }

                var on = request.On ?? (db.Today() > invoice.PostedOn ? db.Today() : invoice.PostedOn);
                if (on < invoice.PostedOn)
                {
                    return new ValidationFailed("on", "A write-off cannot be dated before the invoice.");
                }

                var entry = new LedgerEntry
                {
                    CustomerId = invoice.CustomerId,
                    Kind = EntryKind.WriteOff,
                    PostedOn = on,
                    Currency = invoice.Currency,
                    AmountMinor = -writeOff.Value,
                    AppliesToId = invoice.Id,
                    Reason = request.Reason!.Trim(),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    OpenMinor = 0,
                    State = ItemState.WrittenOff,
                };
                db.Entries.Add(entry);
                await LedgerCache.Refresh(db, [entry], [invoice.Id], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, invoice.Id, ct))!;
            },
            ct);
    }

    public static async Task<IResult> Endpoint(string number, WriteOffRequest request, WriteOffInvoice use, CancellationToken ct)
    {
        var result = await use.Handle(request with { InvoiceNumber = number }, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
