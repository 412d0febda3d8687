using System.Security.Claims;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// A provider's webhook: verified, then applied once. The provider's event id is the idempotency key (a unique row per
/// event, written in the same transaction as what the event did), so a replayed or duplicated webhook changes nothing;
/// the request's lifecycle (<see cref="PaymentFlow"/>) makes reordered ones harmless. A success posts the payment through
/// the ledger's <see cref="RecordPayment"/>, allocated exactly to the invoices chosen (if one was settled meanwhile, the
/// money waits on account for a person); a full refund or a chargeback reverses it through <see cref="ReverseEntry"/>
/// with its reason; a refund of a posted payment, full or partial, goes through <see cref="PostRefunds"/>. A refusal or a conflict answers non-2xx, and the provider sends the event again later.
/// </summary>
internal sealed class HandlePaymentEvent(CreditDb db, IPaymentProvider provider, RecordPayment record, ReverseEntry reverse, PostRefunds refund)
{
    private static readonly Refusal AlreadyHandled = new("event-handled", "This event was handled before.");

    public Result<ProviderEvent> Verify(string body, string? signature) => provider.Read(body, signature, db.UtcNow);

    public async Task<Result<string>> Handle(ProviderEvent notice, CancellationToken ct)
    {
        var result = await LedgerCache.InTransaction(db, () => Apply(notice, ct), ct, async () => await Seen(notice.EventId, ct) ? AlreadyHandled : null);
        return result.IsOk || result.Error != AlreadyHandled ? result : "already handled";
    }

    private Task<bool> Seen(string eventId, CancellationToken ct) =>
        db.PaymentProviderEvents.AnyAsync(e => e.Provider == provider.Name && e.EventId == eventId, ct);

    private async Task<Result<string>> Apply(ProviderEvent notice, CancellationToken ct)
    {
        if (await Seen(notice.EventId, ct))
        {
            return "already handled";
        }

        var request = notice.PaymentId is null ? null
            : await db.PaymentRequests.SingleOrDefaultAsync(r => r.Provider == provider.Name && r.ProviderPaymentId == notice.PaymentId, ct);
        var applied = request switch
        {
            null => "not a payment Credo asked for: nothing to do",
            { Status: PaymentRequestStatus.Posted } when notice.Refunds is { } refunds => await refund.Handle(request, refunds, ct),
            { Status: PaymentRequestStatus.Requested or PaymentRequestStatus.Failed } when notice.Notice is null && notice.Refunds is { } early => await refund.Keep(request, early, ct),
            _ when notice.Notice is { } what => await Transition(request, what, notice.Reason, ct),
            _ => notice.Reason,
        };
        if (!applied.IsOk)
        {
            return applied.Error!;
        }

        var outcome = applied.Value!;

        db.PaymentProviderEvents.Add(new PaymentProviderEvent
        {
            Provider = provider.Name,
            EventId = notice.EventId,
            Type = notice.Type,
            ProviderPaymentId = notice.PaymentId,
            RequestId = request?.Id,
            ReceivedAtUtc = db.UtcNow,
            Outcome = outcome.Length <= 500 ? outcome : outcome[..500],
        });
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>A notice moves the request through its lifecycle, posting or reversing the payment as the table says.</summary>
    private async Task<Result<string>> Transition(PaymentRequest request, PaymentNotice what, string reason, CancellationToken ct)
    {
        var (next, posting) = PaymentFlow.Apply(request.Status, what);
        var done = posting switch
        {
            PaymentPosting.Post => await Post(request, ct),
            PaymentPosting.Reverse => await Reverse(request, reason, what == PaymentNotice.ChargedBack, ct),
            PaymentPosting.None => $"nothing to do: the payment is {PaymentFlow.Describe(request.Status).ToLowerInvariant()}",
        };
        if (!done.IsOk)
        {
            return done.Error!;
        }

        request.Note = posting == PaymentPosting.None ? request.Note : done.Value!;
        request.Status = next;
        request.UpdatedAtUtc = db.UtcNow;
        if (posting != PaymentPosting.Post)
        {
            return done.Value!;
        }

        // Refunds reported before this success were kept: they post now, by the same rule, never more than the payment.
        var refunds = await refund.PostWaiting(request, ct);
        return !refunds.IsOk ? refunds.Error! : refunds.Value is { } said ? done.Value + "; " + said : done.Value!;
    }

    private async Task<Result<string>> Post(PaymentRequest request, CancellationToken ct)
    {
        var customer = await db.Customers.Where(c => c.Id == request.CustomerId).Select(c => c.Number).SingleAsync(ct);
        var items = await db.PaymentRequestItems.AsNoTracking().Where(i => i.RequestId == request.Id).OrderBy(i => i.Id).ToListAsync(ct);
        var currency = Currency.Of(request.Currency);
        decimal Major(long minor) => new Money(minor, currency).Major;
        var method = (request.Method == PortalPaymentMethod.UsBankAccount ? PaymentMethod.DirectDebit : PaymentMethod.Card).Slug();
        var payment = new RecordPaymentRequest(customer, request.Reference, db.Today(), Major(request.AmountMinor), request.Currency, method,
            [.. items.Select(i => new AllocationLine(i.InvoiceNumber, Major(i.AmountMinor)))], AutoAllocate: false, ExternalRef: request.ProviderPaymentId);
        var posted = await record.Handle(payment, ct);
        var said = $"paid {Major(request.AmountMinor):#,##0.00###} {request.Currency} on {string.Join(", ", items.Select(i => i.InvoiceNumber))}";
        if (!posted.IsOk && posted.Error!.Field?.StartsWith("allocations", StringComparison.Ordinal) == true)
        {
            // An invoice chosen was settled (or reversed) meanwhile: the money is received all the same; it waits on account.
            posted = await record.Handle(payment with { Allocations = null }, ct);
            said = $"paid {Major(request.AmountMinor):#,##0.00###} {request.Currency}; an invoice chosen was settled meanwhile, so it waits on account for the credit team to apply";
        }

        if (!posted.IsOk)
        {
            return posted.Error!;
        }

        request.PaymentEntryId = posted.Value!.Id;
        return said;
    }

    private async Task<Result<string>> Reverse(PaymentRequest request, string reason, bool chargedBack, CancellationToken ct)
    {
        var reversed = await reverse.Handle(new ReverseEntryRequest($"{provider.Name}: {reason}") { EntryId = request.PaymentEntryId }, ct);
        if (!reversed.IsOk)
        {
            return reversed.Error!;
        }

        RefundEventsPublishing.Reversed(db, request, reversed.Value!.CustomerNumber, provider.Name, chargedBack ? "charged-back" : "refunded", reversed.Value.Id);
        return "reversed: " + reason;
    }

    /// <summary>POST /api/portal/payments/stripe/events: anonymous, authenticated by the body's signature alone.</summary>
    public static async Task<IResult> Endpoint(HttpContext http, HandlePaymentEvent use, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBody)
        {
            return new ValidationFailed("body", "The event is larger than Credo accepts.").ToProblem();
        }

        using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        var verified = use.Verify(body, http.Request.Headers["Stripe-Signature"].FirstOrDefault());
        if (!verified.IsOk)
        {
            return verified.Error!.ToProblem();
        }

        // Verified: what the event posts is recorded as done by the provider.
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "payment-provider:" + StripePaymentProvider.ProviderName)], "webhook-signature"));
        var handled = await use.Handle(verified.Value!, ct);
        return handled.IsOk ? TypedResults.Ok(new { handled = handled.Value }) : handled.Error!.ToProblem();
    }

    private const long MaxBody = 512 * 1024;
}
