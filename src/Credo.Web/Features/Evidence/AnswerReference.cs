using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Evidence;

/// <summary>A referee's answer: how the applicant pays (prompt, slow, loss), the highest credit given, terms, years known.</summary>
internal sealed record ReferenceAnswer(string? Experience, decimal? HighestCredit, string? Currency, string? Terms, int? YearsKnown, string? Comment);

/// <summary>What the public page shows a referee about the request its link is for (nothing else).</summary>
internal sealed record ReferenceInvitation(string Applicant, string Company, ReferenceKind Kind, bool Answered, string Currency);

/// <summary>
/// Records a reference's answer: by the referee through the secret link (once; an expired or used link is refused),
/// or by an analyst who heard it by phone.
/// </summary>
internal sealed class AnswerReference(CreditDb db)
{
    public async Task<Result<ReferenceInvitation>> Invitation(string token, CancellationToken ct)
    {
        var found = await ByToken(token, ct);
        if (!found.IsOk)
        {
            return found.Error!;
        }

        var (request, application) = found.Value;
        return new ReferenceInvitation(application.LegalName ?? application.TradingName ?? application.Reference, request.Company, request.Kind, request.AnsweredAtUtc is not null, application.Currency);
    }

    public async Task<Result<ReferenceDto>> ByReferee(string token, ReferenceAnswer answer, CancellationToken ct)
    {
        var found = await ByToken(token, ct);
        if (!found.IsOk)
        {
            return found.Error!;
        }

        var (request, application) = found.Value;
        if (request.AnsweredAtUtc is not null)
        {
            return new Refusal("reference-already-answered", "This reference has already been answered. Thank you.");
        }

        return await Save(request, answer, "referee", application.Currency, ct);
    }

    public async Task<Result<ReferenceDto>> ByAnalyst(string applicationReference, long referenceId, ReferenceAnswer answer, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == applicationReference, ct);
        var request = application is null ? null : await db.ReferenceRequests.SingleOrDefaultAsync(r => r.Id == referenceId && r.ApplicationId == application.Id, ct);
        if (application is null || request is null)
        {
            return new NotFound("Reference", $"{applicationReference}/{referenceId}");
        }

        return await Save(request, answer, db.Actor.Name, application.Currency, ct);
    }

    private async Task<Result<(ReferenceRequest Request, CreditApplication Application)>> ByToken(string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return new NotFound("Reference request", "link");
        }

        var hash = LinkSecrets.Hash(token);
        var request = await db.ReferenceRequests.SingleOrDefaultAsync(r => r.TokenHash == hash, ct);
        if (request is null)
        {
            return new NotFound("Reference request", "link");
        }

        if (request.TokenExpiresAtUtc is { } expires && expires < db.UtcNow && request.AnsweredAtUtc is null)
        {
            return new Refusal("reference-link-expired", "This link has expired. Please contact us if you still wish to answer.");
        }

        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == request.ApplicationId, ct);
        return (request, application);
    }

    private async Task<Result<ReferenceDto>> Save(ReferenceRequest request, ReferenceAnswer answer, string by, string applicationCurrency, CancellationToken ct)
    {
        if (!Enum.TryParse<PaymentExperience>(answer.Experience, ignoreCase: true, out var experience) || !Enum.IsDefined(experience))
        {
            return new ValidationFailed("experience", "Say how they pay: prompt, slow or loss.");
        }

        if (answer.YearsKnown is < 0 or > 200)
        {
            return new ValidationFailed("yearsKnown", "Years known is a number of years, 0 to 200.");
        }

        long? highest = null;
        string? currency = null;
        if (answer.HighestCredit is { } amount)
        {
            var parsedCurrency = MoneyJson.ParseCurrency(string.IsNullOrWhiteSpace(answer.Currency) ? applicationCurrency : answer.Currency);
            if (!parsedCurrency.IsOk)
            {
                return parsedCurrency.Error!;
            }

            if (amount < 0)
            {
                return new ValidationFailed("highestCredit", "The highest credit is zero or more.");
            }

            var money = Money.FromMajor(amount, parsedCurrency.Value, "highestCredit");
            if (!money.IsOk)
            {
                return money.Error!;
            }

            (highest, currency) = (money.Value.Minor, parsedCurrency.Value.Code);
        }

        request.Experience = experience;
        request.HighestCreditMinor = highest;
        request.HighestCreditCurrency = currency;
        request.Terms = Cap(answer.Terms, 100);
        request.YearsKnown = answer.YearsKnown;
        request.Comment = Cap(answer.Comment, 2000);
        request.AnsweredAtUtc = db.UtcNow;
        request.AnsweredBy = by;
        request.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal("reference-changed", "The reference was answered at the same moment; reload it.");
        }

        return ReferenceDto.Of(request);
    }

    private static string? Cap(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().Length <= max ? s.Trim() : s.Trim()[..max];

    public static async Task<IResult> ByAnalystEndpoint(string reference, long id, ReferenceAnswer answer, AnswerReference answers, CancellationToken ct)
    {
        var result = await answers.ByAnalyst(reference, id, answer, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
