using Credo.Domain.Customers;
using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Credit;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// The evidence gatherer the workflow calls: the application's own facts (typed columns and answers), internal
/// history for existing customers, the bureau report through the waterfall, the latest financial statement, the
/// references (requesting them on the first gathering) and the fraud checks. A fact that could not be established is
/// absent, never zero; <see cref="ApplicationEvidence.Sources"/> says where each piece came from.
/// </summary>
internal sealed class GatherEvidence(CreditDb db, PullBureauReport bureau, RequestReferences references, CheckFraud fraud, InternalHistory history, IOptions<EvidenceOptions> options) : IEvidenceGatherer
{
    public async Task<ApplicationEvidence> GatherAsync(CreditApplication application, CancellationToken ct)
    {
        var sources = new List<string>();
        var currency = Currency.TryParse(application.Currency, out var c) ? c.Value : Currency.Usd;
        var facts = ApplicationFacts(application, db.Today(), sources);

        if (application.CustomerId is { } customerId)
        {
            var own = await history.ForCustomerAsync(customerId, db.Today(), ct);
            facts = own is null ? facts : facts.With(own);

            sources.Add(own is null
                ? $"history: customer {customerId} not found"
                : $"history: customer {customerId}, {own.Values.Count} facts from its own ledger ({string.Join(", ", own.Values.Keys.Order(StringComparer.Ordinal))})");
        }

        var target = EvidenceTarget.Of(application);
        var pulled = await bureau.Pull(target.Subject, ct);
        sources.AddRange(pulled.Trail);
        facts = await BureauFacts(facts, pulled, currency, sources, ct);

        facts = await StatementFacts(facts, application, currency, sources, ct);

        var requested = await references.FromAnswers(application, ct);
        if (requested > 0)
        {
            sources.Add($"references: {requested} requested from the application's answers");
        }

        facts = await ReferenceFacts(facts, application.Id, sources, ct);

        var checks = await fraud.Run(application, ct);
        await fraud.Register(application, ct);
        facts = CheckFraud.Apply(facts, checks);
        sources.Add($"fraud: {checks.Signals.Count(s => s.Outcome != Domain.Fraud.SignalOutcome.NotApplicable)} of {checks.Signals.Count} checks ran, {checks.Raised ?? 0} raised");

        return new ApplicationEvidence(facts, checks.Signals, sources, ReferralReasons(pulled));
    }

    /// <summary>
    /// Fail closed: with no bureau configured (only reports entered by hand) and none entered, nobody has checked the
    /// applicant's credit file, so a person decides; the policy's approval is not enough.
    /// </summary>
    private List<string> ReferralReasons(BureauOutcome pulled) =>
        pulled.Report is null && !options.Value.Bureau.AsksABureau
            ? ["No credit bureau is configured and no bureau report was entered by hand, so a person decides."]
            : [];

    /// <summary>The application's own facts: from the typed columns first, then the answers.</summary>
    public static FactSet ApplicationFacts(CreditApplication a, DateOnly today, List<string> sources)
    {
        var answers = ApplicationAnswers.Parse(a.AnswersJson);
        var currency = Currency.TryParse(a.Currency, out var c) ? c.Value : Currency.Usd;
        var facts = FactSet.Empty
            .With("isExistingCustomer", a.CustomerId is not null)
            .With("requestedLimit", a.RequestedLimitMinor is { } limit ? new Money(limit, currency).Major : (decimal?)null)
            .With("country", (a.Country ?? answers.Address("billingAddress")?.Country)?.ToUpperInvariant());

        var terms = a.RequestedTermsCode ?? answers.Text("requestedTerms", "terms");
        if (terms is not null && PaymentTerms.Parse(terms) is { IsOk: true } parsed)
        {
            facts = facts.With("requestedTermsDays", (decimal)parsed.Value!.Days);
        }

        var years = answers.Number("yearsInBusiness");
        if (years is null && answers.Date("incorporationDate") is { } incorporated && incorporated <= today)
        {
            years = YearsBetween(incorporated, today);
        }

        facts = facts.With("yearsInBusiness", years is >= 0 ? years : null)
            .With("employees", answers.Number("employees") is >= 0 and var e ? e : null);

        if (answers.Money("annualRevenue") is { } revenue)
        {
            if (revenue.Currency is null || string.Equals(revenue.Currency, currency.Code, StringComparison.OrdinalIgnoreCase))
            {
                facts = facts.With("annualRevenue", revenue.Amount);
            }
            else
            {
                sources.Add($"application: annual revenue is in {revenue.Currency}, not {currency.Code}; annualRevenue left missing");
            }
        }

        sources.Add($"application: {a.Reference} ({a.Kind})");
        return facts;
    }

    private static decimal YearsBetween(DateOnly from, DateOnly to)
    {
        var years = to.Year - from.Year;
        if (to < from.AddYears(years))
        {
            years--;
        }

        return years;
    }

    private async Task<FactSet> BureauFacts(FactSet facts, BureauOutcome pulled, Currency currency, List<string> sources, CancellationToken ct)
    {
        if (pulled.Report is not { } r)
        {
            return facts;
        }

        Money? suggested = null;
        if (r.SuggestedLimitMinor is { } limit && r.SuggestedLimitCurrency is { } limitCurrency)
        {
            suggested = await InCurrency(new Money(limit, Currency.Of(limitCurrency)), currency, ct);
            if (suggested is null)
            {
                sources.Add($"bureau: suggested limit is in {limitCurrency} and there is no rate to {currency.Code}; bureauSuggestedLimit left missing");
            }
        }

        return facts.With(Evidence.BureauFacts.Of(r.Score, r.Bankruptcy, r.Judgments, pulled.AgeDays, suggested));
    }

    private async Task<Money?> InCurrency(Money amount, Currency to, CancellationToken ct)
    {
        if (amount.Currency == to)
        {
            return amount;
        }

        var rates = await db.Rates([amount.Currency.Code, to.Code], ct);
        var converted = rates.Convert(amount, to, db.Today());
        return converted.IsOk ? converted.Value : null;
    }

    private async Task<FactSet> StatementFacts(FactSet facts, CreditApplication application, Currency currency, List<string> sources, CancellationToken ct)
    {
        var latest = await db.StatementsFor(application.Id, application.CustomerId).FirstOrDefaultAsync(ct);
        if (latest is null || FinancialStatementDto.Of(latest) is not { } s)
        {
            return facts;
        }

        facts = facts.With("altmanZ", s.AltmanZ).With("altmanZone", s.Zone).With("currentRatio", s.CurrentRatio);
        if (string.Equals(s.Currency, currency.Code, StringComparison.Ordinal))
        {
            facts = facts.With("netWorth", s.Figures["bookEquity"]);
        }
        else
        {
            sources.Add($"financials: statement in {s.Currency}, not {currency.Code}; netWorth left missing");
        }

        sources.Add($"financials: statement {s.Id} for the period ending {s.PeriodEnd:yyyy-MM-dd} ({s.Source.ToLowerInvariant()} by {s.EnteredBy}), Z'' {s.AltmanZ} {s.Zone}");
        return facts;
    }

    private async Task<FactSet> ReferenceFacts(FactSet facts, long applicationId, List<string> sources, CancellationToken ct)
    {
        var all = await db.ReferenceRequests.AsNoTracking().Where(r => r.ApplicationId == applicationId).ToListAsync(ct);
        var trade = all.Where(r => r.Kind == ReferenceKind.Trade).ToList();
        var answered = trade.Where(r => r.AnsweredAtUtc is not null).ToList();
        if (trade.Count > 0)
        {
            facts = facts.With("tradeReferencesAnswered", (decimal)answered.Count);
        }

        if (answered.Count > 0)
        {
            facts = facts.With("tradeReferencesNegative", (decimal)answered.Count(r => r.Experience is PaymentExperience.Slow or PaymentExperience.Loss));
        }

        var bank = all.Where(r => r.Kind == ReferenceKind.Bank && r.AnsweredAtUtc is not null).OrderByDescending(r => r.AnsweredAtUtc).FirstOrDefault();
        if (bank is not null)
        {
            facts = facts.With("bankReferencePositive", bank.Experience == PaymentExperience.Prompt);
        }

        sources.Add($"references: {answered.Count} of {trade.Count} trade references answered; bank reference {(bank is null ? "not answered" : "answered")}");
        return facts;
    }

    public static async Task<IResult> Endpoint(string reference, CreditDb db, IEvidenceGatherer gatherer, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == reference, ct);
        if (application is null)
        {
            return Problems.NotFound("Application", reference);
        }

        var evidence = await gatherer.GatherAsync(application, ct);
        return TypedResults.Ok(new
        {
            facts = evidence.Facts.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => (object)(kv.Value switch
            {
                FactValue.Number n => n.Value,
                FactValue.Flag f => f.Value,
                FactValue.Text t => t.Value,
                _ => kv.Value.ToString(),
            })),
            fraudSignals = evidence.FraudSignals.Select(s => new { s.Code, outcome = s.Outcome.ToString(), s.Evidence }),
            sources = evidence.Sources,
        });
    }
}
