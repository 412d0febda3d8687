using System.Security.Claims;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Applications;

/// <summary>Approve with a limit (major units, the application's currency), terms and optionally a review date.</summary>
internal sealed record ApproveRequest(decimal? Limit, string? Terms, DateOnly? ReviewOn, string? Reason, int? Version);

/// <summary>What an approval grants, once decided.</summary>
internal sealed record Grant(long LimitMinor, string Currency, PaymentTerms Terms, DateOnly ReviewOn);

/// <summary>
/// People approve (four-eyes above the threshold: two different people, the second a manager, the same limit and
/// terms), or a manager overrides the policy with a reason. The final approval, automatic or not, has its effects in
/// one transaction: the customer is created (or updated), its credit line set with the review date, the application
/// linked to it, and the applicant emailed.
/// </summary>
internal sealed class ApproveApplication(CreditDb db, SetCreditLine lines, IOptions<ApplicationOptions> options)
{
    public async Task<Result<CreditApplication>> Approve(string reference, ApproveRequest r, WorkflowActor actor, bool isOverride, CancellationToken ct)
    {
        var application = await db.FindApplication(reference, ct);
        if (application is null)
        {
            return new NotFound("Application", reference);
        }

        var action = isOverride ? FlowAction.OverrideApprove : FlowAction.Approve;
        if (CanApprove(application, r, action, actor, isOverride) is { } refused)
        {
            return refused;
        }

        var latest = await db.LatestAssessment(application.Id, ct);
        var currency = latest?.Currency ?? application.Currency;
        var asked = LimitAndTerms(application, r, latest, currency, isOverride);
        if (!asked.IsOk)
        {
            return asked.Error!;
        }

        var (limitMinor, terms) = asked.Value;
        var step = await FourEyesStep(application, latest, actor, limitMinor, terms.Code, ct);
        if (!step.IsOk)
        {
            return step.Error!;
        }

        var reviewOn = ReviewSchedule.ReviewOn(db.Today(), r.ReviewOn ?? latest?.ReviewOn, latest?.RiskClass, options.Value.ReviewMonths());
        var grant = new Grant(limitMinor, currency, terms, reviewOn);
        switch (step.Value)
        {
            case ApprovalStep.FirstOfTwo:
                return await FirstOfTwo(application, actor, grant, isOverride, r.Reason, ct);
            case ApprovalStep.Final:
                return await GrantAsync(application, action, actor, grant, isOverride, r.Reason, ct);
            default:
                throw new InvalidOperationException("Unknown approval step.");
        }
    }

    /// <summary>Refused on a stale version, a status the flow does not approve from (for this role), or an override without a reason.</summary>
    private static DomainError? CanApprove(CreditApplication application, ApproveRequest r, FlowAction action, WorkflowActor actor, bool isOverride)
    {
        if (ApplicationWorkflow.CheckVersion(application, r.Version) is { } stale)
        {
            return stale;
        }

        if (ApplicationFlow.Next(application.Status, action, actor.Role).Error is { } refused)
        {
            return refused;
        }

        if (isOverride && string.IsNullOrWhiteSpace(r.Reason))
        {
            return new ValidationFailed("reason", "An override needs a reason.");
        }

        return null;
    }

    /// <summary>
    /// The limit (in the assessment's currency) and terms asked for; without an override, never against a policy
    /// decline nor above the policy's limit.
    /// </summary>
    private static Result<(long LimitMinor, PaymentTerms Terms)> LimitAndTerms(CreditApplication application, ApproveRequest r, ApplicationAssessment? latest, string currency, bool isOverride)
    {
        var limit = MoneyJson.ParseCurrency(currency) is { IsOk: true } c ? MoneyJson.Positive(r.Limit, c.Value!, "limit") : new ValidationFailed("currency", $"Unknown currency {currency}.");
        if (!limit.IsOk)
        {
            return limit.Error!;
        }

        var terms = PaymentTerms.Parse(r.Terms ?? latest?.TermsCode ?? application.RequestedTermsCode);
        if (!terms.IsOk)
        {
            return terms.Error!;
        }

        var limitMinor = limit.Value.Minor;
        if (!isOverride && latest is { Outcome: nameof(DecisionOutcome.Decline) })
        {
            return new Refusal("override-required", "The policy declined this application; only a credit manager can approve it, as an override with a reason.");
        }

        if (!isOverride && latest?.LimitMinor is { } policyLimit && limitMinor > policyLimit)
        {
            return new Refusal("override-required", $"The limit is above the policy's {new Money(policyLimit, Currency.Of(currency)).ToDisplayString()}; only a credit manager can grant more, as an override with a reason.", "limit");
        }

        return (limitMinor, terms.Value!);
    }

    /// <summary>Four eyes: whether a second approver is needed, and this approval's place against the pending first one of the latest decision.</summary>
    private async Task<Result<ApprovalStep>> FourEyesStep(CreditApplication application, ApplicationAssessment? latest, WorkflowActor actor, long limitMinor, string termsCode, CancellationToken ct)
    {
        var needed = FourEyes.Needed(latest?.NeedsSecondApprover ?? false, limitMinor, options.Value.FourEyesAboveMinor);
        var last = await db.ApplicationApprovals.AsNoTracking().Where(a => a.ApplicationId == application.Id).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var pending = last is { Final: false } && last.DecisionId == application.LatestDecisionId ? new PendingApproval(last.By, last.LimitMinor, last.TermsCode) : null;
        return FourEyes.Approve(needed, pending, actor.Name, actor.Role, limitMinor, termsCode);
    }

    /// <summary>The first of two approvals: recorded, and the application waits for the second approver.</summary>
    private async Task<Result<CreditApplication>> FirstOfTwo(CreditApplication application, WorkflowActor actor, Grant grant, bool isOverride, string? reason, CancellationToken ct)
    {
        db.ApplicationApprovals.Add(Row(application, actor, grant, final: false, isOverride, reason));
        db.Record(application, actor, EventKinds.FirstApproval, $"Approved {Show(grant)}; a second approver (a credit manager, another person) must confirm.{Because(reason)}");
        if (isOverride)
        {
            db.Record(application, actor, EventKinds.Override, reason!.Trim());
        }

        db.Touch(application);
        return await db.SaveGuarded(ct) is { } changed ? changed : application;
    }

    /// <summary>Approves and applies the effects in one transaction; nothing is kept when any part is refused.</summary>
    public async Task<Result<CreditApplication>> GrantAsync(CreditApplication application, FlowAction action, WorkflowActor actor, Grant grant, bool isOverride, string? reason, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (db.Move(application, action, actor, $"Approved {Show(grant)}.{Because(reason)}") is { } refused)
        {
            return refused;
        }

        application.DecidedAtUtc = db.UtcNow;
        if (isOverride)
        {
            db.Record(application, actor, EventKinds.Override, reason!.Trim());
        }

        db.ApplicationApprovals.Add(Row(application, actor, grant, final: true, isOverride, reason));
        if (await db.SaveGuarded(ct) is { } changed)
        {
            await tx.RollbackAsync(ct);
            return changed;
        }

        var customer = await CustomerFor(application, grant, ct);
        application.CustomerId = customer.Id;
        await db.SaveChangesAsync(ct);

        var existing = await db.CreditLines.AsNoTracking().SingleOrDefaultAsync(l => l.Level == Domain.Credit.LimitLevel.Customer && l.SubjectId == customer.Id, ct);
        var currency = Currency.Of(grant.Currency);
        var line = await lines.Apply(
            new LineChange(
                new LineSubject(Domain.Credit.LimitLevel.Customer, customer.Id, customer.Number),
                currency,
                new Money(grant.LimitMinor, currency),
                existing?.TempIncreaseMinor is { } t ? new Money(t, currency) : null,
                existing?.TempIncreaseExpiresOn,
                grant.ReviewOn,
                existing?.ExpiresOn,
                $"Application {application.Reference} approved by {actor.Name}"),
            ct);
        if (!line.IsOk)
        {
            await tx.RollbackAsync(ct);
            return line.Error!;
        }

        db.QueueEmail(new OutboxEmail(
            application.ApplicantEmail,
            $"Your credit application {application.Reference} is approved",
            $"""
            Good news: your credit application {application.Reference} is approved.

            Customer number: {customer.Number}
            Credit limit: {new Money(grant.LimitMinor, Currency.Of(grant.Currency)).ToDisplayString()}
            Payment terms: {grant.Terms.Code}
            Next review: {grant.ReviewOn:yyyy-MM-dd}

            Quote your customer number on orders and payments.
            """,
            "application-approved"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return application;
    }

    /// <summary>The customer the application is about, updated with the new terms; or a new one made from the answers.</summary>
    private async Task<Customer> CustomerFor(CreditApplication application, Grant grant, CancellationToken ct)
    {
        if (application.CustomerId is { } id)
        {
            var existing = await db.Customers.SingleAsync(c => c.Id == id, ct);
            existing.TermsCode = grant.Terms.Code;
            existing.UpdatedAtUtc = db.UtcNow;
            existing.Version++;
            return existing;
        }

        var number = $"C{application.Id:D6}";
        for (var n = 2; await db.Customers.AnyAsync(c => c.Number == number, ct); n++)
        {
            number = $"C{application.Id:D6}-{n}";
        }

        var billing = TemplateReading.Address(application.AnswersJson, "billingAddress", "registeredAddress", "address") ?? new Address { Country = application.Country };
        var customer = new Customer
        {
            Number = number,
            LegalName = application.LegalName ?? application.TradingName ?? application.Reference,
            TradingName = application.TradingName,
            TaxId = application.TaxId,
            Email = application.ApplicantEmail,
            Phone = application.Phone,
            Website = application.Website,
            Currency = grant.Currency,
            TermsCode = grant.Terms.Code,
            Status = CustomerStatus.Active,
            BillingAddress = billing,
            ShippingAddress = TemplateReading.Address(application.AnswersJson, "shippingAddress") ?? Copy(billing),
            Notes = $"Created by the approval of application {application.Reference}.",
            CreatedAtUtc = db.UtcNow,
            UpdatedAtUtc = db.UtcNow,
        };
        customer.RefreshSearchText();
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return customer;
    }

    private ApplicationApproval Row(CreditApplication application, WorkflowActor actor, Grant grant, bool final, bool isOverride, string? reason) => new()
    {
        ApplicationId = application.Id,
        DecisionId = application.LatestDecisionId,
        By = actor.Name,
        AtUtc = db.UtcNow,
        LimitMinor = grant.LimitMinor,
        Currency = grant.Currency,
        TermsCode = grant.Terms.Code,
        ReviewOn = grant.ReviewOn,
        Final = final,
        Override = isOverride,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
    };

    private static Address Copy(Address a) => new() { Line1 = a.Line1, Line2 = a.Line2, City = a.City, Region = a.Region, PostalCode = a.PostalCode, Country = a.Country };

    private static string Show(Grant g) => $"{new Money(g.LimitMinor, Currency.Of(g.Currency)).ToDisplayString()} on {g.Terms.Code}, review {g.ReviewOn:yyyy-MM-dd}";

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? string.Empty : " " + reason.Trim();

    public static async Task<IResult> Endpoint(string reference, ApproveRequest request, ApproveApplication approve, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await Respond(approve.Approve(reference, request, WorkflowActor.From(user, db.Actor.Name)!, isOverride: false, ct), db, ct);

    internal static async Task<IResult> Respond(Task<Result<CreditApplication>> work, CreditDb db, CancellationToken ct)
    {
        var result = await work;
        return result.IsOk ? TypedResults.Ok(await FindApplications.Summary(db, result.Value!.Id, ct)) : result.Error!.ToProblem();
    }
}
