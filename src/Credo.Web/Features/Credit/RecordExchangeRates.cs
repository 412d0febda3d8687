using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>Record a rate (or correct one: the same pair and date again), with an optional reason.</summary>
internal sealed record ExchangeRateRequest(string? From, string? To, DateOnly? EffectiveOn, decimal? Rate, string? Reason = null);

/// <summary>A recorded rate; <c>inEffect</c> is false for a row a later correction superseded.</summary>
internal sealed record ExchangeRateDto(long Id, string From, string To, DateOnly EffectiveOn, decimal Rate, DateTime RecordedAtUtc, string RecordedBy, string? Reason, long? SupersedesId, bool InEffect)
{
    public static ExchangeRateDto Of(ExchangeRateEntry r, bool inEffect) =>
        new(r.Id, r.FromCurrency, r.ToCurrency, r.EffectiveOn, r.Rate, r.RecordedAtUtc, r.RecordedBy, r.Reason, r.SupersedesId, inEffect);
}

/// <summary>A valid rate to record, and why.</summary>
internal sealed record RateToRecord(ExchangeRate Rate, string? Reason);

/// <summary>What recording a set of rates did: rows appended, and rates already in effect as given.</summary>
internal sealed record RatesRecorded(IReadOnlyList<ExchangeRateEntry> Added, int Unchanged);

/// <summary>
/// Exchange rates as history. Nothing is updated or deleted (database triggers refuse it, as for the ledger): a
/// rate is a new row, and a correction is a new row for the same pair and effective date that supersedes the
/// earlier one (the latest recorded is in effect; it points at the one it replaces). Recording a rate already in
/// effect with the same value adds nothing, so a replayed request or file is harmless. Used by
/// <c>PUT /api/exchange-rates</c> and by the CSV import (all-or-nothing, in the import's transaction).
/// </summary>
internal sealed class RecordExchangeRates(CreditDb db)
{
    public const int MaxReasonLength = 500;

    /// <summary>Checks one rate; every refusal names its field.</summary>
    public static Result<RateToRecord> Validate(string? from, string? to, DateOnly? effectiveOn, decimal? rate, string? reason)
    {
        var f = MoneyJson.ParseCurrency(from, "from");
        if (!f.IsOk)
        {
            return f.Error!;
        }

        var t = MoneyJson.ParseCurrency(to, "to");
        if (!t.IsOk)
        {
            return t.Error!;
        }

        if (f.Value == t.Value)
        {
            return new ValidationFailed("to", "A rate is between two different currencies.");
        }

        if (effectiveOn is not { } on)
        {
            return new ValidationFailed("effectiveOn", "The date the rate takes effect is required.");
        }

        if (rate is not ({ } r and > 0))
        {
            return new ValidationFailed("rate", "The rate is a positive number: units of 'to' for one unit of 'from'.");
        }

        if (r.Scale > 12 && decimal.Round(r, 12) != r)
        {
            return new ValidationFailed("rate", $"The rate {r} has more than 12 decimals; it would be rounded when stored. Give at most 12.");
        }

        if (r >= 10_000_000_000_000_000m)
        {
            return new ValidationFailed("rate", $"The rate {r} is too large (at most 16 digits before the decimal point).");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why is { Length: > MaxReasonLength })
        {
            return new ValidationFailed("reason", $"The reason is at most {MaxReasonLength} characters.");
        }

        return new RateToRecord(new ExchangeRate(f.Value.Code, t.Value.Code, on, r), why);
    }

    /// <summary>
    /// Appends the rates not already in effect with the same value, each superseding the row in effect for its pair
    /// and date (if any), in one save. The caller's transaction, if any, makes it all-or-nothing with its other work.
    /// </summary>
    public async Task<RatesRecorded> Record(IReadOnlyList<RateToRecord> rates, CancellationToken ct)
    {
        var pairs = rates.Select(r => r.Rate.From + r.Rate.To).Distinct().ToList();
        var inEffect = await db.RatesInEffect().AsNoTracking()
            .Where(r => pairs.Contains(r.FromCurrency + r.ToCurrency))
            .ToDictionaryAsync(r => (r.FromCurrency, r.ToCurrency, r.EffectiveOn), ct);
        var added = new List<ExchangeRateEntry>();
        var unchanged = 0;
        var now = db.UtcNow;
        foreach (var (rate, reason) in rates)
        {
            var key = (rate.From, rate.To, rate.EffectiveOn);
            inEffect.TryGetValue(key, out var current);
            if (current is not null && current.Rate == rate.Rate)
            {
                unchanged++;
                continue;
            }

            var row = new ExchangeRateEntry
            {
                FromCurrency = rate.From,
                ToCurrency = rate.To,
                EffectiveOn = rate.EffectiveOn,
                Rate = rate.Rate,
                RecordedAtUtc = now,
                RecordedBy = db.Actor.Name,
                Reason = reason,
                SupersedesId = current?.Id,
            };
            db.ExchangeRates.Add(row);
            added.Add(row);

            // A second row for the same key in this set supersedes this one once both are saved (ids ascend).
            inEffect[key] = row;
        }

        if (added.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return new RatesRecorded(added, unchanged);
    }

    /// <summary>The rates in effect, or with <paramref name="history"/> every recorded row (superseded ones marked), by pair, date and id.</summary>
    public async Task<IReadOnlyList<ExchangeRateDto>> List(bool history, CancellationToken ct)
    {
        var rows = history ? db.ExchangeRates.AsNoTracking() : db.RatesInEffect().AsNoTracking();
        var list = await rows.OrderBy(r => r.FromCurrency).ThenBy(r => r.ToCurrency).ThenBy(r => r.EffectiveOn).ThenBy(r => r.Id).ToListAsync(ct);
        var latest = list.GroupBy(r => (r.FromCurrency, r.ToCurrency, r.EffectiveOn)).Select(g => g.Max(r => r.Id)).ToHashSet();
        return [.. list.Select(r => ExchangeRateDto.Of(r, latest.Contains(r.Id)))];
    }

    /// <summary>Records one rate; recording the rate already in effect returns it unchanged (a retry is harmless).</summary>
    public static async Task<IResult> PutEndpoint(ExchangeRateRequest r, RecordExchangeRates record, CreditDb db, CancellationToken ct)
    {
        var valid = Validate(r.From, r.To, r.EffectiveOn, r.Rate, r.Reason);
        if (!valid.IsOk)
        {
            return valid.Error!.ToProblem();
        }

        var recorded = await record.Record([valid.Value!], ct);
        if (recorded.Added is [var added])
        {
            return TypedResults.Ok(ExchangeRateDto.Of(added, inEffect: true));
        }

        var rate = valid.Value!.Rate;
        var current = await db.RatesInEffect().AsNoTracking().SingleAsync(x => x.FromCurrency == rate.From && x.ToCurrency == rate.To && x.EffectiveOn == rate.EffectiveOn, ct);
        return TypedResults.Ok(ExchangeRateDto.Of(current, inEffect: true));
    }

    public static async Task<IResult> ListEndpoint(bool? history, RecordExchangeRates record, CancellationToken ct) =>
        TypedResults.Ok(await record.List(history ?? false, ct));
}
