using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>A reference to ask for by hand (the application form may also name them; see <see cref="RequestReferences.FromAnswers"/>).</summary>
internal sealed record ReferenceRequestInput(string? Kind, string? Company, string? ContactName, string? Email, string? Phone);

internal sealed record ReferenceDto(
    long Id,
    string Kind,
    string Company,
    string? ContactName,
    string? Email,
    string? Phone,
    DateTime RequestedAtUtc,
    bool Emailed,
    DateTime? AnsweredAtUtc,
    string? AnsweredBy,
    string? Experience,
    Amount? HighestCredit,
    string? Terms,
    int? YearsKnown,
    string? Comment)
{
    public static ReferenceDto Of(ReferenceRequest r) => new(
        r.Id, r.Kind.ToString(), r.Company, r.ContactName, r.Email, r.Phone, r.RequestedAtUtc, r.TokenHash is not null, r.AnsweredAtUtc, r.AnsweredBy,
        r.Experience?.ToString(), r.HighestCreditMinor is { } m && r.HighestCreditCurrency is { } c ? Amount.Of(m, c) : null, r.Terms, r.YearsKnown, r.Comment);
}

/// <summary>
/// Trade and bank references for an application. The first gathering creates a request for each referee the
/// application names (answers "tradeReferences" and "bankReference"); an analyst can add more. A referee with an email
/// gets one, through the outbox in the same save, with a secret link to /references/{token}; only the token's SHA-256
/// is stored, and the link expires after Evidence:References:LinkValidDays.
/// </summary>
internal sealed class RequestReferences(CreditDb db, IOptions<EvidenceOptions> options, PublicLinks links)
{
    /// <summary>Creates the requests the application's answers name, once (an application that already has requests is left alone).</summary>
    public async Task<int> FromAnswers(CreditApplication application, CancellationToken ct)
    {
        if (await db.ReferenceRequests.AnyAsync(r => r.ApplicationId == application.Id, ct))
        {
            return 0;
        }

        var answers = ApplicationAnswers.Parse(application.AnswersJson);
        var referees = answers.Referees("tradeReferences").Select(r => (ReferenceKind.Trade, r))
            .Concat(answers.BankReferees().Select(r => (ReferenceKind.Bank, r)))
            .ToList();
        foreach (var (kind, referee) in referees)
        {
            Add(application, kind, referee.Company.Length > 0 ? referee.Company : referee.Email!, referee.ContactName, referee.Email, referee.Phone);
        }

        if (referees.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return referees.Count;
    }

    public async Task<Result<ReferenceDto>> AddByHand(string applicationReference, ReferenceRequestInput input, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == applicationReference, ct);
        if (application is null)
        {
            return new NotFound("Application", applicationReference);
        }

        if (!Enum.TryParse<ReferenceKind>(input.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return new ValidationFailed("kind", "A reference is trade or bank.");
        }

        if (string.IsNullOrWhiteSpace(input.Company))
        {
            return new ValidationFailed("company", "Name the referee's company.");
        }

        if (input.Email is { } email && !LooksLikeEmail(email))
        {
            return new ValidationFailed("email", "That is not an email address.");
        }

        var request = Add(application, kind, input.Company.Trim(), input.ContactName?.Trim(), input.Email?.Trim(), input.Phone?.Trim());
        await db.SaveChangesAsync(ct);
        return ReferenceDto.Of(request);
    }

    public async Task<IReadOnlyList<ReferenceDto>> List(long applicationId, CancellationToken ct) =>
        [.. (await db.ReferenceRequests.AsNoTracking().Where(r => r.ApplicationId == applicationId).OrderBy(r => r.Id).ToListAsync(ct)).Select(ReferenceDto.Of)];

    private ReferenceRequest Add(CreditApplication application, ReferenceKind kind, string company, string? contact, string? email, string? phone)
    {
        var now = db.UtcNow;
        var request = new ReferenceRequest
        {
            ApplicationId = application.Id,
            Kind = kind,
            Company = Cap(company, 200),
            ContactName = contact is null ? null : Cap(contact, 200),
            Email = email is not null && LooksLikeEmail(email) ? email.Trim() : null,
            Phone = phone is null ? null : Cap(phone, 64),
            RequestedAtUtc = now,
        };
        if (request.Email is { } to)
        {
            (var token, request.TokenHash) = LinkSecrets.New();
            request.TokenExpiresAtUtc = now.AddDays(options.Value.References.LinkValidDays);
            var link = links.To("/references/" + token);
            var applicant = application.LegalName ?? application.TradingName ?? "A company";
            var what = kind switch
            {
                ReferenceKind.Trade => "a trade reference (how they pay you)",
                ReferenceKind.Bank => "a bank reference",
            };
            db.QueueEmail(new OutboxEmail(
                to,
                $"Reference request: {applicant}",
                $"""
                Hello{(contact is null ? string.Empty : " " + contact)},

                {applicant} has applied for trade credit and named {company} as {what}.
                Could you tell us how they pay? It takes a minute, and needs no account:

                {link}

                The link is personal and works until {request.TokenExpiresAtUtc:yyyy-MM-dd}. If you do not know this company, ignore this email.
                """,
                "reference-request"));
        }

        db.ReferenceRequests.Add(request);
        return request;
    }

    private static bool LooksLikeEmail(string email) => System.Net.Mail.MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim();

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];

    public static async Task<IResult> AddEndpoint(string reference, ReferenceRequestInput input, RequestReferences references, CancellationToken ct)
    {
        var result = await references.AddByHand(reference, input, ct);
        return result.IsOk ? TypedResults.Created($"/api/evidence/applications/{Uri.EscapeDataString(reference)}/references", result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> ListEndpoint(string reference, CreditDb db, RequestReferences references, CancellationToken ct)
    {
        var id = await db.Applications.Where(a => a.Reference == reference).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);
        return id is { } applicationId ? TypedResults.Ok(await references.List(applicationId, ct)) : Problems.NotFound("Application", reference);
    }
}
