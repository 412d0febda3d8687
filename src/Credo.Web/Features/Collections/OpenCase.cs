using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <param name="Amount">The disputed part of the invoice in its currency; none means everything open on it.</param>
/// <param name="Owner">The collector who owns the case (email); none means the customer's assigned collector.</param>
internal sealed record OpenCaseRequest(string? Invoice, string? Reason, decimal? Amount, string? Message, string? Owner = null);

/// <summary>Where a case comes from, and for the portal the one customer the buyer may open it on.</summary>
internal sealed record CaseOrigin(string Source, long? OnlyCustomerId = null)
{
    public static CaseOrigin Staff { get; } = new("staff");

    public static CaseOrigin Portal(long customerId) => new("portal", customerId);
}

/// <summary>
/// Opens a dispute case on an invoice: reason, disputed part, owner, service level, first note and attachment. The
/// ledger's dispute is opened through its own use case (the invoice's Disputed flag) in the same transaction, and
/// <see cref="CaseOpened"/> is published.
/// </summary>
internal sealed class OpenCase(CreditDb db, ICaseLedger ledger, Worklist worklist, IOptions<CollectionsOptions> options)
{
    public async Task<Result<CaseDto>> Handle(OpenCaseRequest request, CaseOrigin origin, CaseUpload? upload, CancellationToken ct)
    {
        if (DisputeCaseFlow.ParseReason(request.Reason) is not { } reason)
        {
            return new ValidationFailed("reason", $"The reason is one of: {string.Join(", ", DisputeCaseFlow.Reasons.Select(DisputeCaseFlow.Slug))}.");
        }

        var message = request.Message?.Trim() ?? string.Empty;
        if (message.Length > 2000)
        {
            return new ValidationFailed("message", "A message is at most 2000 characters.");
        }

        if (request.Owner is { } owner && (owner.Trim().Length is 0 or > 256 || !owner.Contains('@', StringComparison.Ordinal)))
        {
            return new ValidationFailed("owner", "The owner is a collector's email address.");
        }

        var number = request.Invoice?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<CaseDto>(db, async () =>
        {
            var invoice = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);
            if (invoice is null || (origin.OnlyCustomerId is { } only && invoice.CustomerId != only))
            {
                return new NotFound("Invoice", number);
            }

            var currency = Currency.Of(invoice.Currency);
            Money? asked = null;
            if (request.Amount is { } amount)
            {
                var positive = MoneyJson.Positive(amount, currency);
                if (!positive.IsOk)
                {
                    return positive.Error!;
                }

                asked = positive.Value;
            }

            var part = DisputeCaseFlow.DisputedPart(new Money(invoice.OpenMinor, currency), asked);
            if (!part.IsOk)
            {
                return part.Error!;
            }

            var opened = await Open(invoice, CaseKind.Dispute, reason, part.Value, origin.Source, request.Owner?.Trim(), null, ct);
            if (!opened.IsOk)
            {
                return opened.Error!;
            }

            var fromBuyer = origin.Source == "portal";
            if (CaseViews.Note(db, opened.Value!, message, upload, fromBuyer) is { } bad)
            {
                return bad;
            }

            await db.SaveChangesAsync(ct);
            return (await CaseViews.Load(db, opened.Value!.Id, fromBuyer, ct))!;
        }, ct);
    }

    /// <summary>
    /// Adds and saves a case for <paramref name="invoice"/> (its event waits for the caller's save) and keeps the ledger's dispute open, reusing an open
    /// one; refused when the invoice already has an open case. Also used for deductions.
    /// </summary>
    public async Task<Result<DisputeCase>> Open(LedgerEntry invoice, CaseKind kind, CaseReason reason, Money part, string source, string? owner, long? paymentId, CancellationToken ct)
    {
        var openStates = DisputeCaseFlow.States.Where(DisputeCaseFlow.IsOpen).ToList();
        if (await db.DisputeCases.AnyAsync(c => c.EntryId == invoice.Id && openStates.Contains(c.Status), ct))
        {
            return new Refusal("case-already-open", $"Invoice {invoice.Document} already has an open case.", "invoice");
        }

        var text = $"{DisputeCaseFlow.Describe(kind)}: {DisputeCaseFlow.Describe(reason).ToLowerInvariant()}, {part.ToDisplayString()}";
        var existing = await db.Disputes.Where(d => d.EntryId == invoice.Id && d.Status == DisputeStatus.Open).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
        long ledgerDisputeId;
        if (existing is { } id)
        {
            ledgerDisputeId = id;
        }
        else
        {
            var flagged = await ledger.Flag(invoice.Document!, text, ct);
            if (!flagged.IsOk)
            {
                return flagged.Error!;
            }

            ledgerDisputeId = flagged.Value;
        }

        var today = db.Today();
        var c = new DisputeCase
        {
            CustomerId = invoice.CustomerId, EntryId = invoice.Id, LedgerDisputeId = ledgerDisputeId, Kind = kind, Reason = reason, Status = CaseStatus.Open,
            DisputedMinor = part.Minor, Currency = part.Currency.Code, Owner = owner ?? await worklist.CollectorOf(invoice.CustomerId, ct), Source = source,
            PaymentId = paymentId, OpenedOn = today, DueOn = options.Value.ServiceLevel.DueOn(reason, today), OpenedAtUtc = db.UtcNow, OpenedBy = db.Actor.Name,
        };
        db.DisputeCases.Add(c);
        await db.SaveChangesAsync(ct); // the case's id for its event; the caller's transaction still holds everything
        var customer = await db.Customers.Where(x => x.Id == invoice.CustomerId).Select(x => x.Number).SingleAsync(ct);
        db.Publish(new CaseOpened(c.Id, customer, invoice.Document!, DisputeCaseFlow.Describe(kind).ToLowerInvariant(), DisputeCaseFlow.Slug(reason), part.Major, part.Currency.Code, c.DueOn, source));
        return c;
    }

    public static async Task<IResult> Endpoint(OpenCaseRequest request, OpenCase use, CancellationToken ct)
    {
        var result = await use.Handle(request, CaseOrigin.Staff, null, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/cases/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }
}
