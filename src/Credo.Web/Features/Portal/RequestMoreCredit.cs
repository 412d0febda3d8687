using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>A buyer's credit application as they read it: what was asked, and where it stands.</summary>
internal sealed record BuyerApplication(string Reference, ApplicationKind Kind, ApplicationStatus Status, long? RequestedLimitMinor, string Currency, DateTime OpenedAtUtc, DateTime? DecidedAtUtc);

/// <summary>
/// A buyer asks for a higher limit: a limit-increase application opened through the applications slice's own use case
/// (<see cref="OpenCustomerApplication"/>), pre-filled from the customer's master data and credit line, assessed and
/// reviewed like any other, with the buyer as the applicant. Audited as the buyer.
/// </summary>
internal sealed class RequestMoreCredit(CreditDb db, OpenCustomerApplication open)
{
    public async Task<Result<CreditApplication>> Handle(ScopedCustomer customer, decimal? limit, string? reason, string buyerEmail, CancellationToken ct)
    {
        if (!InvitationFlow.Allows(customer.Role, BuyerRole.Pay))
        {
            return new Refusal("buyer-role", "Your access lets you see this account, not ask for credit for it.");
        }

        if (reason is { Length: > 1000 })
        {
            return new ValidationFailed("reason", "Tell us why in at most 1000 characters.");
        }

        var audit = BuyerAudit.Record(db, "credit-request", customer, new { limit, reason });
        var note = string.IsNullOrWhiteSpace(reason) ? "Asked for in the buyer portal." : "Asked for in the buyer portal: " + reason.Trim();
        var opened = await open.Open(
            new CustomerApplicationRequest(customer.Number, ApplicationKind.LimitIncrease, limit, null, buyerEmail, note),
            new WorkflowActor(FlowActor.Applicant, db.Actor.Name),
            ct);
        if (!opened.IsOk)
        {
            db.Entry(audit).State = EntityState.Detached;
        }

        return opened;
    }

    /// <summary>The customer's credit applications, newest first, with where each stands.</summary>
    public async Task<IReadOnlyList<BuyerApplication>> Applications(long customerId, CancellationToken ct) =>
        await db.Applications.AsNoTracking().Where(a => a.CustomerId == customerId && a.Status != ApplicationStatus.Draft)
            .OrderByDescending(a => a.CreatedAtUtc).ThenByDescending(a => a.Id).Take(50)
            .Select(a => new BuyerApplication(a.Reference, a.Kind, a.Status, a.RequestedLimitMinor, a.Currency, a.CreatedAtUtc, a.DecidedAtUtc))
            .ToListAsync(ct);
}
