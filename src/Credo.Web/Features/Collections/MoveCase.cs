using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <param name="Event">investigate, ask-customer, customer-answered, resolve-by-credit-note, resolve-as-valid, write-off.</param>
/// <param name="Note">Why (required to resolve); kept on the case.</param>
/// <param name="Amount">For a credit note or write-off: an agreed amount below the disputed part (default: all of it still open).</param>
/// <param name="ShareWithBuyer">Show the note to the buyer in the portal.</param>
internal sealed record MoveCaseRequest(string? Event, string? Note, decimal? Amount = null, bool ShareWithBuyer = false);

/// <summary>
/// Moves a case through <see cref="DisputeCaseFlow"/>. Resolving clears the ledger's dispute and posts the credit
/// note or write-off through the ledger's own use cases, all in one transaction with the case's new status and its
/// event; resolved as valid posts nothing and the invoice is chased again.
/// </summary>
internal sealed class MoveCase(CreditDb db, ICaseLedger ledger)
{
    public async Task<Result<CaseDto>> Handle(long id, MoveCaseRequest request, CancellationToken ct)
    {
        if (DisputeCaseFlow.ParseEvent(request.Event) is not { } happened)
        {
            return new ValidationFailed("event", $"The event is one of: {string.Join(", ", DisputeCaseFlow.Events.Select(DisputeCaseFlow.Slug))}.");
        }

        var note = request.Note?.Trim() ?? string.Empty;
        if (note.Length > 2000)
        {
            return new ValidationFailed("note", "A note is at most 2000 characters.");
        }

        return await LedgerCache.InTransaction<CaseDto>(db, async () =>
        {
            if (await db.DisputeCases.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c)
            {
                return new NotFound("Case", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var next = DisputeCaseFlow.Next(c.Status, happened);
            if (!next.IsOk)
            {
                return next.Error!;
            }

            var resolving = !DisputeCaseFlow.IsOpen(next.Value);
            if (resolving && note.Length == 0)
            {
                return new ValidationFailed("note", "Say why the case is resolved this way.");
            }

            var invoice = await db.Entries.AsNoTracking().Where(e => e.Id == c.EntryId).Select(e => new { e.Document, e.OpenMinor, e.CustomerId }).SingleAsync(ct);
            var customer = await db.Customers.AsNoTracking().Where(x => x.Id == invoice.CustomerId).Select(x => x.Number).SingleAsync(ct);
            if (resolving && await Resolve(c, happened, invoice.Document!, invoice.OpenMinor, customer, request.Amount, note, ct) is { } refused)
            {
                return refused;
            }

            c.Status = next.Value;
            c.Version++;
            CaseViews.Note(db, c, $"{Sentence(happened)}{(note.Length > 0 ? ": " + note : ".")}", null, fromBuyer: false, shared: request.ShareWithBuyer || resolving);
            if (resolving)
            {
                db.Publish(new CaseResolved(c.Id, customer, invoice.Document!, DisputeCaseFlow.Slug(c.Status), Amount.Of(c.ResolvedMinor ?? 0, c.Currency).Value, c.Currency, c.ResolutionDocument));
            }
            else
            {
                db.Publish(new CaseStatusChanged(c.Id, customer, invoice.Document!, DisputeCaseFlow.Slug(c.Status)));
            }

            await db.SaveChangesAsync(ct);
            return (await CaseViews.Load(db, c.Id, false, ct))!;
        }, ct);
    }

    /// <summary>Clears the ledger's dispute, then posts what the resolution needs (nothing for valid).</summary>
    private async Task<DomainError?> Resolve(DisputeCase c, CaseEvent happened, string invoice, long openNow, string customer, decimal? agreed, string note, CancellationToken ct)
    {
        if (await db.Disputes.AnyAsync(d => d.Id == c.LedgerDisputeId && d.Status == DisputeStatus.Open, ct)
            && await ledger.Unflag(invoice, $"Case {c.Id} {DisputeCaseFlow.Describe(happened)}: {note}", ct) is { } unflagged)
        {
            return unflagged;
        }

        c.ResolvedAtUtc = db.UtcNow;
        c.ResolvedBy = db.Actor.Name;
        var posting = DisputeCaseFlow.PostingFor(happened);
        if (posting == CasePosting.None)
        {
            return null;
        }

        var currency = Currency.Of(c.Currency);
        Money? asked = null;
        if (agreed is { } a)
        {
            var positive = MoneyJson.Positive(a, currency);
            if (!positive.IsOk)
            {
                return positive.Error;
            }

            asked = positive.Value;
        }

        var amount = DisputeCaseFlow.ResolutionAmount(new Money(c.DisputedMinor, currency), new Money(openNow, currency), asked);
        if (!amount.IsOk)
        {
            return amount.Error;
        }

        var reason = $"Case {c.Id} ({DisputeCaseFlow.Describe(c.Reason).ToLowerInvariant()}): {note}";
        var document = $"CN-CASE-{c.Id}";
        var posted = posting switch
        {
            CasePosting.CreditNote => await ledger.CreditNote(customer, document, invoice, amount.Value, reason, ct),
            CasePosting.WriteOff => await ledger.WriteOff(invoice, amount.Value, reason, ct),
            CasePosting.None => null,
        };
        c.ResolvedMinor = amount.Value.Minor;
        c.ResolutionDocument = posting == CasePosting.CreditNote ? document : "write-off";
        return posted;
    }

    private static string Sentence(CaseEvent happened) => happened switch
    {
        CaseEvent.Investigate => "Investigation started",
        CaseEvent.AskCustomer => "Asked the customer",
        CaseEvent.CustomerAnswered => "The customer answered",
        CaseEvent.ResolveByCreditNote => "Resolved by a credit note",
        CaseEvent.ResolveAsValid => "Resolved: the invoice stands",
        CaseEvent.WriteOff => "Written off",
    };

    /// <summary>A write-off needs the ledger's corrections role (credit managers, admins), as a write-off posted directly does.</summary>
    public static async Task<bool> MayPost(MoveCaseRequest request, System.Security.Claims.ClaimsPrincipal user, Microsoft.AspNetCore.Authorization.IAuthorizationService auth) =>
        DisputeCaseFlow.ParseEvent(request.Event) is not CaseEvent.WriteOff || (await auth.AuthorizeAsync(user, null, AccessPolicies.Corrections)).Succeeded;

    public static async Task<IResult> Endpoint(long id, MoveCaseRequest request, MoveCase use, System.Security.Claims.ClaimsPrincipal user, Microsoft.AspNetCore.Authorization.IAuthorizationService auth, CancellationToken ct)
    {
        if (!await MayPost(request, user, auth))
        {
            return TypedResults.Forbid();
        }

        var result = await use.Handle(id, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
