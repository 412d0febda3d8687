using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record BlockRuleRequest(BlockRuleKind? Kind, bool? Enabled, decimal? Threshold, string? Currency, int? Days);

internal sealed record BlockRuleDto(string Code, BlockRuleKind Kind, bool Enabled, Amount? Threshold, int? Days);

/// <summary>Block rules and availability: the data the credit check decides with (rates: <see cref="RecordExchangeRates"/>).</summary>
internal static class CreditSettings
{
    public static async Task<IResult> ListRulesEndpoint(CreditDb db, CancellationToken ct) =>
        TypedResults.Ok((await db.CreditBlockRules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)).Select(ToDto).ToList());

    /// <summary>Creates or replaces a block rule; validated before it is saved (rules fail closed).</summary>
    public static async Task<IResult> PutRuleEndpoint(string code, BlockRuleRequest r, CreditDb db, CancellationToken ct)
    {
        if (r.Kind is not { } kind)
        {
            return Problems.Validation("kind", "The rule kind is required.");
        }

        long? thresholdMinor = null;
        string? currency = null;
        if (r.Threshold is { } threshold)
        {
            var c = MoneyJson.ParseCurrency(r.Currency);
            if (!c.IsOk)
            {
                return c.Error!.ToProblem();
            }

            var m = Money.FromMajor(threshold, c.Value, "threshold");
            if (!m.IsOk)
            {
                return m.Error!.ToProblem();
            }

            (thresholdMinor, currency) = (m.Value.Minor, c.Value.Code);
        }

        var rule = new BlockRule(code, kind, r.Enabled ?? true, thresholdMinor, currency, r.Days);
        if (rule.Validate() is [var first, ..])
        {
            return first.ToProblem();
        }

        var row = await db.CreditBlockRules.SingleOrDefaultAsync(x => x.Code == code, ct);
        if (row is null)
        {
            row = new CreditBlockRule { Code = code };
            db.CreditBlockRules.Add(row);
        }

        (row.Kind, row.Enabled, row.ThresholdMinor, row.Currency, row.Days) = (rule.Kind, rule.Enabled, rule.ThresholdMinor, rule.Currency, rule.Days);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(row));
    }

    /// <summary>A customer's available credit: headroom at every level of its path, today. Null: no such customer.</summary>
    public static async Task<IReadOnlyList<LevelDto>?> Availability(this CreditDb db, string number, ExposureCategories counted, CancellationToken ct)
    {
        var customer = await db.Customer(number, ct);
        if (customer is null)
        {
            return null;
        }

        var path = await db.LinesFor(customer, ct);
        var zero = Money.Zero(Currency.Of(customer.Currency));
        var rates = await db.Rates(path.Select(p => p.Line.Currency).Append(zero.Currency.Code), ct);
        var asOf = db.Today();
        var (nodes, _, _) = CheckCredit.Nodes(path, path.ToDictionary(p => p.Line.Id, p => p.Line), zero, rates, asOf, counted);
        var decision = CreditCheck.Decide(new CheckFacts(asOf, zero, customer.Status, nodes, [], [], rates));
        return CreditCheckAnswer.From(string.Empty, number, decision, null, ReservationState.Active).Levels;
    }

    public static async Task<IResult> AvailabilityEndpoint(string number, CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options, CancellationToken ct) =>
        await db.Availability(number, options.Value.Counted, ct) is { } levels
            ? TypedResults.Ok(new { customer = number, counted = options.Value.Counted.Names, levels })
            : Problems.NotFound("Customer", number);

    private static BlockRuleDto ToDto(CreditBlockRule r) =>
        new(r.Code, r.Kind, r.Enabled, r.ThresholdMinor is { } t && r.Currency is { } c ? Amount.Of(t, c) : null, r.Days);
}
