using System.Text.Json;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// The ledger as the prediction sees it on a day: every invoice posted by then with the day it was paid in full (if it
/// was, <see cref="AsOfLedger.PaidOn"/>) and the day it was first disputed, and the customers' tenure and segment (the
/// code in the dimension named by <c>Analytics:PredictionSegmentDimension</c>).
/// </summary>
internal static class PredictionData
{
    public static async Task<(IReadOnlyList<CustomerFact> Customers, IReadOnlyList<InvoiceFact> Invoices)> Load(CreditDb db, DateOnly asOf, string dimension, CancellationToken ct, long? customerId = null)
    {
        var (entries, allocations) = customerId is { } only ? await OneCustomer(db, asOf, only, ct) : await db.DatedLedger(asOf, ct);
        var paidOn = AsOfLedger.PaidOn(asOf, entries, allocations).ToDictionary(p => p.Invoice.Id, p => p.PaidOn);
        var endOfDay = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var disputes = (await db.Disputes.AsNoTracking().Where(d => d.OpenedAtUtc < endOfDay && (customerId == null || d.CustomerId == customerId)).Select(d => new { d.EntryId, d.OpenedAtUtc }).ToListAsync(ct))
            .GroupBy(d => d.EntryId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(g.Min(d => d.OpenedAtUtc)));
        var invoices = entries.Where(e => e is { Kind: EntryKind.Invoice, AppliesToId: null, AmountMinor: > 0 })
            .Select(e => new InvoiceFact(e.Id, e.CustomerId, e.PostedOn, e.DueOn ?? e.PostedOn, e.AmountMinor, paidOn.TryGetValue(e.Id, out var p) ? p : null, disputes.TryGetValue(e.Id, out var d) ? d : null))
            .ToList();
        var segments = await db.Set<CustomerSegment>().AsNoTracking().Where(s => s.Segment!.Dimension == dimension && (customerId == null || s.CustomerId == customerId))
            .Select(s => new { s.CustomerId, s.Segment!.Code }).ToListAsync(ct);
        var segmentOf = segments.GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.Min(s => s.Code)!);
        var customers = invoices.GroupBy(i => i.CustomerId)
            .Select(g => new CustomerFact(g.Key, g.Min(i => i.IssuedOn), segmentOf.GetValueOrDefault(g.Key, "none")))
            .ToList();
        return (customers, invoices);
    }

    /// <summary>One customer's dated ledger (a customer's features read only its own history, <see cref="LatePayment.Examples"/>).</summary>
    private static async Task<(List<DatedEntry> Entries, List<DatedAllocation> Allocations)> OneCustomer(CreditDb db, DateOnly until, long customerId, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.PostedOn <= until)
            .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId))
            .ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CustomerId == customerId && a.AppliedOn <= until)
            .Select(a => new DatedAllocation(a.CreditId, a.DebitId, a.AmountMinor, a.AppliedOn))
            .ToListAsync(ct);
        return (entries, allocations);
    }
}

/// <summary>A trained model as the API and the card show it.</summary>
internal sealed record ModelCardDto(int Version, DateTime TrainedAtUtc, DateOnly TrainedThrough, int Seed, string TrainedBy, ModelCard Card);

/// <summary>
/// <c>predictions train</c>, the scheduled retraining and <c>POST /api/analytics/predictions/model</c>: read the
/// paid history as of today, train (<see cref="LatePaymentLearner"/>), store it as the next version.
/// </summary>
internal sealed class TrainPredictions(CreditDb db, IOptions<AnalyticsOptions> options)
{
    public async Task<ModelCardDto> Handle(int? seed, string? periodKey, CancellationToken ct)
    {
        var asOf = db.Today();
        var (customers, invoices) = await PredictionData.Load(db, asOf, options.Value.PredictionSegmentDimension, ct);
        var paid = LatePayment.Examples(asOf, customers, invoices).Where(e => e.Invoice.PaidOn is not null).ToList();
        var chosenSeed = seed ?? options.Value.PredictionSeed;
        var model = LatePaymentLearner.Train(paid, chosenSeed);
        var version = (await db.PredictionModels.MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
        var entry = new PredictionModelEntry
        {
            Version = version,
            TrainedAtUtc = db.UtcNow,
            TrainedThrough = asOf,
            Seed = chosenSeed,
            TrainedBy = db.Actor.Name,
            PeriodKey = periodKey,
            CardJson = JsonSerializer.Serialize(model.Card, Json),
            Classifier = LatePaymentLearner.Save(model.Classifier, paid),
            Regressor = LatePaymentLearner.Save(model.Regressor, paid),
        };
        db.PredictionModels.Add(entry);
        await db.SaveChangesAsync(ct);
        return ToDto(entry, model.Card);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal static ModelCardDto ToDto(PredictionModelEntry entry, ModelCard card) => new(entry.Version, entry.TrainedAtUtc, entry.TrainedThrough, entry.Seed, entry.TrainedBy, card);

    /// <summary>The model in use: the highest version, or null when none was trained.</summary>
    internal static async Task<(PredictionModelEntry Entry, TrainedLateModel Model)?> Current(CreditDb db, CancellationToken ct)
    {
        var entry = await db.PredictionModels.AsNoTracking().OrderByDescending(m => m.Version).FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            return null;
        }

        var card = JsonSerializer.Deserialize<ModelCard>(entry.CardJson, Json)!;
        return (entry, new TrainedLateModel(card, LatePaymentLearner.Load(entry.Classifier), LatePaymentLearner.Load(entry.Regressor)));
    }

    public static async Task<IResult> Endpoint(int? seed, TrainPredictions use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(seed, null, ct));

    public static async Task<IResult> CardEndpoint(CreditDb db, CancellationToken ct) =>
        await Current(db, ct) is { } current ? TypedResults.Ok(ToDto(current.Entry, current.Model.Card)) : new NotFound("Prediction model", "current").ToProblem();
}

/// <summary>
/// One open invoice's prediction: how likely it is paid late, by how many days, and the expected pay day with its P10–P90
/// interval; <see cref="ProbabilitySource"/> and <see cref="DaysLateSource"/> say, each, "model" or "baseline".
/// </summary>
internal sealed record InvoicePrediction(
    long InvoiceId, string Invoice, string Customer, string Segment, string Currency, long OpenMinor, decimal Open, DateOnly DueOn, double ProbabilityLate, double ExpectedDaysLate,
    DateOnly ExpectedPayDate, DateOnly PayDateLow, DateOnly PayDateHigh, string ProbabilitySource, string DaysLateSource);

/// <summary>The predictions for the invoices open on a day, and the model (or the baseline) they come from.</summary>
internal sealed record PredictionsReport(DateOnly AsOf, int? ModelVersion, string Source, string? Fallback, IReadOnlyList<InvoicePrediction> Invoices);

/// <summary>
/// Scores the invoices open on a day (<see cref="Queries.OpenItemsOn"/>) with the current model; with no model trained
/// yet, with the baselines over the history as of that day, and says so. An expected pay day is never before the day
/// after the as-of date: an overdue invoice is still to be paid, and its days come from the part of its predicted
/// distribution after the as-of date (<see cref="CollectionForecast.GivenUnpaid"/>).
/// </summary>
internal sealed class GetPredictions(CreditDb db, IOptions<AnalyticsOptions> options)
{
    public async Task<PredictionsReport> Handle(DateOnly? asOf, string? customerNumber, CancellationToken ct)
    {
        var on = asOf ?? db.Today();
        var customerId = customerNumber is null ? null : await db.CustomerId(customerNumber, ct);
        if (customerNumber is not null && customerId is null)
        {
            return new PredictionsReport(on, null, "baseline", null, []);
        }

        return await Predict(on, customerId, ct);
    }

    /// <summary>
    /// The predictions of the invoices open on <paramref name="on"/>, of one customer or all. With a trained model only
    /// that customer's history is read (its features are its own; the model card keeps the portfolio's rates); without
    /// one the baselines need the whole portfolio's paid history.
    /// </summary>
    public async Task<PredictionsReport> Predict(DateOnly on, long? customerId, CancellationToken ct)
    {
        var current = await TrainPredictions.Current(db, ct);
        var (customers, invoices) = await PredictionData.Load(db, on, options.Value.PredictionSegmentDimension, ct, current is null ? null : customerId);
        var open = (await db.OpenItemsOn(on, customerId, ct)).Where(o => o.Item.Kind == EntryKind.Invoice && o.OpenMinor > 0).ToDictionary(o => o.Item.Id);
        var numbers = await db.Customers.AsNoTracking().Where(c => customerId == null || c.Id == customerId).Select(c => new { c.Id, c.Number }).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var rows = LatePayment.Examples(on, customers, invoices)
            .Where(e => open.ContainsKey(e.Invoice.Id) && (customerId is null || e.Invoice.CustomerId == customerId))
            .ToList();
        var model = current?.Model ?? BaselineOnly(customers, invoices, on);
        var predictions = LatePaymentLearner.Predict(model, rows);
        var source = current is null ? "baseline" : model.Card.ModelForProbability || model.Card.ModelForDays ? "model" : "baseline";
        var fallback = current is null ? "No model has been trained yet: the customers' own history (prior late rate, average days to pay) is used." : model.Card.Fallback;
        var result = rows.Zip(predictions, (e, p) => ToPrediction(e, p, open[e.Invoice.Id], numbers, model.Card, on)).OrderBy(p => p.ExpectedPayDate).ThenBy(p => p.InvoiceId).ToList();
        return new PredictionsReport(on, current?.Entry.Version, source, fallback, result);
    }

    private static TrainedLateModel BaselineOnly(IReadOnlyList<CustomerFact> customers, IReadOnlyList<InvoiceFact> invoices, DateOnly on)
    {
        var paid = LatePayment.Examples(on, customers, invoices).Where(e => e.Invoice.PaidOn is not null).ToList();
        return LatePaymentLearner.BaselineOnly(paid, "No model has been trained yet: the customers' own history (prior late rate, average days to pay) is used.");
    }

    private static InvoicePrediction ToPrediction(LateExample e, LatePrediction p, OpenOnDate open, Dictionary<long, string> numbers, ModelCard card, DateOnly on)
    {
        var earliest = on.AddDays(1);
        DateOnly Day(double days) => e.Invoice.DueOn.AddDays((int)Math.Round(Math.Clamp(days, -3650, 3650)));
        var (p10, p90) = (Day(p.DaysBeyondTerms + card.ErrorP10), Day(p.DaysBeyondTerms + card.ErrorP90));
        var raw = new ExpectedReceipt(open.Item.Currency, e.Features.Segment, open.OpenMinor, Earlier(p10, p90), Day(p.DaysBeyondTerms), Later(p10, p90));
        // An overdue invoice is still unpaid: its pay day comes from the rest of its distribution, not all on the next day.
        var spread = e.Invoice.DueOn < on ? CollectionForecast.GivenUnpaid(on, raw) : raw;
        var expected = Later(spread.Expected, earliest);
        var low = Later(spread.Early, earliest);
        var high = Later(Later(spread.Late, earliest), expected);
        return new InvoicePrediction(
            e.Invoice.Id, open.Item.Document ?? $"#{e.Invoice.Id}", numbers.GetValueOrDefault(e.Invoice.CustomerId, ""), e.Features.Segment, open.Item.Currency,
            open.OpenMinor, Documents.Major(open.OpenMinor, open.Item.Currency), e.Invoice.DueOn, Math.Round(p.ProbabilityLate, 4),
            Math.Max(0, expected.DayNumber - e.Invoice.DueOn.DayNumber), expected, Earlier(low, expected), high,
            p.ProbabilityFromModel ? "model" : "baseline", p.DaysFromModel ? "model" : "baseline");
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    public static async Task<IResult> Endpoint(DateOnly? asOf, string? customer, GetPredictions use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(asOf, customer, ct));
}

/// <summary>The honest evaluation at a cutoff: the three ways of predicting scored on the invoices issued after it.</summary>
internal sealed record EvaluationReport(
    DateOnly Cutoff, DateOnly AsOf, int TrainRows, int TestRows, PredictionScores Model, PredictionScores PriorLateRate, PredictionScores AverageDaysToPay, ModelCard Card);

/// <summary>
/// <c>predictions evaluate --cutoff DATE</c>: trains only on what was known before the cutoff (<see cref="LatePayment.Split"/>)
/// and scores the invoices issued on or after it and paid by today, beside the two baselines.
/// </summary>
internal sealed class EvaluatePredictions(CreditDb db, IOptions<AnalyticsOptions> options)
{
    public async Task<Result<EvaluationReport>> Handle(DateOnly cutoff, int? seed, CancellationToken ct)
    {
        var asOf = db.Today();
        if (cutoff > asOf)
        {
            return new ValidationFailed("cutoff", "The cutoff must be today or earlier.");
        }

        var (customers, invoices) = await PredictionData.Load(db, asOf, options.Value.PredictionSegmentDimension, ct);
        return Evaluate(cutoff, asOf, customers, invoices, seed ?? options.Value.PredictionSeed);
    }

    /// <summary>The evaluation over given facts (also what the generated-data test calls).</summary>
    public static EvaluationReport Evaluate(DateOnly cutoff, DateOnly asOf, IReadOnlyList<CustomerFact> customers, IReadOnlyList<InvoiceFact> invoices, int seed)
    {
        var (train, test) = LatePayment.Split(cutoff, asOf, customers, invoices);
        var model = LatePaymentLearner.Train(train, seed);
        var predicted = LatePaymentLearner.Predict(model, test, forceModel: true);
        var rates = LatePayment.PortfolioRates(train);
        return new EvaluationReport(
            cutoff, asOf, train.Count, test.Count,
            LatePaymentLearner.Score(test, [.. predicted.Select(p => (p.ProbabilityLate, Math.Max(0, p.DaysBeyondTerms)))]),
            LatePaymentLearner.Score(test, [.. test.Select(e => LatePayment.PriorLateRate(e.Features, rates.LateRate, rates.DaysLate))]),
            LatePaymentLearner.Score(test, [.. test.Select(e => LatePayment.AverageDaysToPay(e.Features, rates.DaysToPay))]),
            model.Card);
    }
}
