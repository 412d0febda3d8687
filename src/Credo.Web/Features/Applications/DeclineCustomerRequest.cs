using Credo.Domain.Amounts;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Applications;

/// <summary>
/// An existing customer's limit increase or periodic review was declined by a person (issue 12 §4). The customer is
/// not an applicant being turned away: the review outcome is "limit unchanged" with the person's reasons.
/// </summary>
/// <param name="Reference">The application.</param>
/// <param name="CustomerNumber">The customer it was about.</param>
/// <param name="Kind">LimitIncrease or Review.</param>
/// <param name="LimitMinor">The limit the customer keeps, in minor units (none: the customer has no credit line).</param>
/// <param name="Currency">The line's currency.</param>
/// <param name="NextReviewOn">The next review date set by the outcome.</param>
internal sealed record CustomerRequestDeclined(string Reference, string CustomerNumber, string Kind, long? LimitMinor, string? Currency, DateOnly? NextReviewOn)
    : IOutboxEvent<CustomerRequestDeclined>
{
    public static EventTopic Topic { get; } = new("applications.customer-request-declined", EventAudience.Integrators,
        "An existing customer's limit increase or review was declined by a person: the customer keeps its limit, with the next review date.");
}

/// <summary>
/// A person's decline of an existing customer's limit increase or review (issue 12 §4). What a credit manager
/// expects, in one transaction: the application is declined with the reasons and the outcome "limit unchanged"; the
/// customer keeps its limit, temporary increase and terms; its next review is set by the review schedule (the policy's
/// date, or months by risk class), through <see cref="SetCreditLine"/> (audited with before and after); an
/// integrators' event says so. No applicant-style rejection email and no human-review link: the customer was not
/// refused credit, and the account manager tells it in their own words.
/// </summary>
internal sealed class DeclineCustomerRequest(CreditDb db, SetCreditLine lines, IOptions<ApplicationOptions> options)
{
    public async Task<Result<CreditApplication>> DeclineAsync(CreditApplication application, long customerId, FlowAction action, WorkflowActor actor, IReadOnlyList<string> reasons, string? overrideReason, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Id, c.Number }).SingleAsync(ct);
        var line = await db.CreditLines.AsNoTracking().SingleOrDefaultAsync(l => l.Level == LimitLevel.Customer && l.SubjectId == customerId, ct);
        var latest = await db.LatestAssessment(application.Id, ct);
        var reviewOn = line is null ? (DateOnly?)null : ReviewSchedule.ReviewOn(db.Today(), latest?.ReviewOn, latest?.RiskClass, options.Value.ReviewMonths());
        var outcome = Outcome(line, reviewOn);
        if (db.Move(application, action, actor, $"Declined: {outcome} Reasons: {string.Join("; ", reasons)}") is { } refused)
        {
            return refused;
        }

        if (overrideReason is not null)
        {
            db.Record(application, actor, EventKinds.Override, overrideReason.Trim());
        }

        application.DecidedAtUtc = db.UtcNow;
        if (await db.SaveGuarded(ct) is { } changed)
        {
            await tx.RollbackAsync(ct);
            return changed;
        }

        if (line is not null && await KeepLimit(application, new LineSubject(LimitLevel.Customer, customer.Id, customer.Number), line, reviewOn!.Value, actor, reasons, ct) is { } lineRefused)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return lineRefused;
        }

        db.Publish(new CustomerRequestDeclined(application.Reference, customer.Number, application.Kind.ToString(), line?.LimitMinor, line?.Currency, reviewOn));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return application;
    }

    /// <summary>The same limit, temporary increase (unless it has ended) and expiry; only the review date moves.</summary>
    private async Task<DomainError?> KeepLimit(CreditApplication application, LineSubject subject, CreditLine line, DateOnly reviewOn, WorkflowActor actor, IReadOnlyList<string> reasons, CancellationToken ct)
    {
        var currency = Currency.Of(line.Currency);
        var increaseRuns = line.TempIncreaseMinor is not null && line.TempIncreaseExpiresOn >= db.Today();
        var kept = await lines.Apply(
            new LineChange(
                subject,
                currency,
                line.LimitMinor is { } limit ? new Money(limit, currency) : null,
                increaseRuns ? new Money(line.TempIncreaseMinor!.Value, currency) : null,
                increaseRuns ? line.TempIncreaseExpiresOn : null,
                reviewOn,
                line.ExpiresOn,
                $"Application {application.Reference} declined by {actor.Name}: limit unchanged ({string.Join("; ", reasons)}); next review {reviewOn:yyyy-MM-dd}."),
            ct);
        return kept.Error;
    }

    private static string Outcome(CreditLine? line, DateOnly? reviewOn) => line switch
    {
        null => "the customer has no credit line, and none is set.",
        { LimitMinor: { } limit } => $"limit unchanged at {new Money(limit, Currency.Of(line.Currency)).ToDisplayString()}; next review {reviewOn:yyyy-MM-dd}.",
        _ => $"limit unchanged (no ceiling at this level); next review {reviewOn:yyyy-MM-dd}.",
    };
}
