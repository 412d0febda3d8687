using System.Security.Claims;
using System.Security.Cryptography;
using Credo.Domain.Amounts;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Applications;

/// <summary>An existing customer's limit increase (a requested limit) or periodic review; the email defaults to the customer's.</summary>
internal sealed record CustomerApplicationRequest(string? CustomerNumber, ApplicationKind? Kind, decimal? RequestedLimit, string? Terms, string? ApplicantEmail, string? Note);

/// <summary>
/// Opens a limit-increase or review application for an existing customer from its master data and credit line, and
/// sends it down the same path as a new applicant's (verification, evidence, policy, people). One open application
/// per customer at a time.
/// </summary>
internal sealed class OpenCustomerApplication(CreditDb db, AssessApplication assess)
{
    /// <summary>The unpublished template that staff-opened applications point at (the public link never serves it).</summary>
    public const string InternalTemplateKey = "internal-customer-request";

    public async Task<Result<CreditApplication>> Open(CustomerApplicationRequest r, WorkflowActor actor, CancellationToken ct)
    {
        if (r.Kind is not (ApplicationKind.LimitIncrease or ApplicationKind.Review))
        {
            return new ValidationFailed("kind", "An existing customer's application is a LimitIncrease or a Review.");
        }

        var customer = string.IsNullOrWhiteSpace(r.CustomerNumber) ? null : await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == r.CustomerNumber.Trim(), ct);
        if (customer is null)
        {
            return new NotFound("Customer", r.CustomerNumber ?? string.Empty);
        }

        if (await OpenApplication(customer.Id, ct) is { } open)
        {
            return new Refusal("application-open", $"Customer {customer.Number} already has application {open} in progress.", "customerNumber");
        }

        var email = string.IsNullOrWhiteSpace(r.ApplicantEmail) ? customer.Email : r.ApplicantEmail.Trim();
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 254)
        {
            return new ValidationFailed("applicantEmail", "The customer has no email on file; give the address the outcome goes to.");
        }

        var line = await db.CreditLines.AsNoTracking().SingleOrDefaultAsync(l => l.Level == LimitLevel.Customer && l.SubjectId == customer.Id, ct);
        var currency = line?.Currency ?? customer.Currency;
        var requestedMinor = RequestedLimit(r, line, currency);
        if (!requestedMinor.IsOk)
        {
            return requestedMinor.Error!;
        }

        var terms = PaymentTerms.Parse(r.Terms ?? customer.TermsCode);
        if (!terms.IsOk)
        {
            return terms.Error!;
        }

        var now = db.UtcNow;
        var application = await NewApplication(r.Kind.Value, customer, email, currency, requestedMinor.Value, terms.Value!.Code, now, ct);
        db.Applications.Add(application);
        await db.SaveChangesAsync(ct);
        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = now,
            Actor = actor.Name,
            Kind = EventKinds.Opened,
            ToStatus = ApplicationStatus.Submitted,
            Text = $"{(r.Kind == ApplicationKind.LimitIncrease ? "Limit increase" : "Periodic review")} opened for customer {customer.Number}." + (string.IsNullOrWhiteSpace(r.Note) ? string.Empty : " " + r.Note.Trim()),
        });
        await db.SaveChangesAsync(ct);
        return await assess.Run(application.Id, ct);
    }

    /// <summary>The reference of the customer's application still in progress, if there is one.</summary>
    private Task<string?> OpenApplication(long customerId, CancellationToken ct) =>
        db.Applications.Where(a => a.CustomerId == customerId && a.Status != ApplicationStatus.Approved && a.Status != ApplicationStatus.Declined && a.Status != ApplicationStatus.Withdrawn)
            .Select(a => a.Reference).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The limit asked for, in minor units of the line's currency: required for a limit increase (and more than the
    /// current limit); a review without one asks for the current limit.
    /// </summary>
    private static Result<long?> RequestedLimit(CustomerApplicationRequest r, CreditLine? line, string currency)
    {
        long? requestedMinor;
        if (r.RequestedLimit is { } requested)
        {
            var parsed = MoneyJson.Positive(requested, Domain.Amounts.Currency.Of(currency), "requestedLimit");
            if (!parsed.IsOk)
            {
                return parsed.Error!;
            }

            requestedMinor = parsed.Value.Minor;
        }
        else if (r.Kind == ApplicationKind.LimitIncrease)
        {
            return new ValidationFailed("requestedLimit", "A limit increase says how much is asked for.");
        }
        else
        {
            requestedMinor = line?.LimitMinor;
        }

        if (r.Kind == ApplicationKind.LimitIncrease && line?.LimitMinor is { } current && requestedMinor <= current)
        {
            return new ValidationFailed("requestedLimit", "A limit increase asks for more than the current limit.");
        }

        return requestedMinor;
    }

    /// <summary>The application, submitted at once: the customer's master data, verified email, the limit and terms asked for.</summary>
    private async Task<CreditApplication> NewApplication(
        ApplicationKind kind, Customer customer, string email, string currency, long? requestedMinor, string termsCode, DateTime now, CancellationToken ct) => new()
    {
        Reference = $"{(kind == ApplicationKind.LimitIncrease ? "INC" : "REV")}-{now:yyyy}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}",
        Kind = kind,
        Status = ApplicationStatus.Submitted,
        TemplateId = await InternalTemplate(ct),
        CustomerId = customer.Id,
        ApplicantEmail = email,
        EmailVerifiedAtUtc = now,
        LegalName = customer.LegalName,
        TradingName = customer.TradingName,
        TaxId = customer.TaxId,
        Website = customer.Website,
        Phone = customer.Phone,
        Country = customer.BillingAddress.Country,
        Currency = currency,
        RequestedLimitMinor = requestedMinor,
        RequestedTermsCode = termsCode,
        CreatedAtUtc = now,
        UpdatedAtUtc = now,
        SubmittedAtUtc = now,
    };

    private async Task<long> InternalTemplate(CancellationToken ct)
    {
        var id = await db.ApplicationTemplates.Where(t => t.Key == InternalTemplateKey).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        if (id is { } found)
        {
            return found;
        }

        var template = new ApplicationTemplate
        {
            Key = InternalTemplateKey,
            Version = 1,
            Name = "Limit increase or review (opened by staff)",
            DefinitionJson = "{\"sections\":[]}",
            CreatedAtUtc = db.UtcNow,
            CreatedBy = "system",
        };
        db.ApplicationTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template.Id;
    }

    public static async Task<IResult> Endpoint(CustomerApplicationRequest request, OpenCustomerApplication open, CreditDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await open.Open(request, WorkflowActor.From(user, db.Actor.Name)!, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/applications/{result.Value!.Reference}", await FindApplications.Summary(db, result.Value.Id, ct))
            : result.Error!.ToProblem();
    }
}
