using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Creditworthiness;

/// <summary>
/// Balance sheet and income figures, all in one currency. Inventory, revenue and net income are optional: the ratios
/// that need them are reported as absent when they are not given.
/// </summary>
public sealed record FinancialFigures(
    Money TotalAssets,
    Money TotalLiabilities,
    Money CurrentAssets,
    Money CurrentLiabilities,
    Money RetainedEarnings,
    Money Ebit,
    Money BookEquity,
    Money? Inventory = null,
    Money? Revenue = null,
    Money? NetIncome = null);

public enum AltmanZone
{
    Safe,
    Grey,
    Distress,
}

/// <summary>
/// Common ratios. Each is null where it is not defined: current and quick ratio when current liabilities are zero
/// (quick also when no inventory is given), debt to equity when book equity is zero or negative (a negative ratio
/// would read as "little debt"), net margin when revenue or net income is not given or revenue is not positive.
/// </summary>
public sealed record FinancialRatios(decimal? CurrentRatio, decimal? QuickRatio, decimal? DebtToEquity, decimal? NetMargin);

/// <param name="Z">Z'' unrounded; the zone is decided on this value.</param>
public sealed record AltmanZScore(decimal Z, decimal X1, decimal X2, decimal X3, decimal X4, AltmanZone Zone, FinancialRatios Ratios);

/// <summary>
/// Altman's Z'' (the emerging-markets / non-manufacturer form): Z'' = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4, with
/// X1 = working capital / total assets, X2 = retained earnings / total assets, X3 = EBIT / total assets and
/// X4 = book equity / total liabilities. Zones: Z'' &gt; 2.60 safe; 1.10 ≤ Z'' ≤ 2.60 grey (both boundaries are grey);
/// Z'' &lt; 1.10 distress. Computed in decimal on the unrounded ratios.
/// </summary>
public static class AltmanZ
{
    public const decimal SafeAbove = 2.60m;

    public const decimal DistressBelow = 1.10m;

    public static Result<AltmanZScore> Score(FinancialFigures figures)
    {
        if (CheckCurrencies(figures) is { } mixed)
        {
            return mixed;
        }

        if (!figures.TotalAssets.IsPositive)
        {
            return new ValidationFailed("totalAssets", "Total assets must be positive.");
        }

        if (!figures.TotalLiabilities.IsPositive)
        {
            return new ValidationFailed("totalLiabilities", "Total liabilities must be positive (X4 divides by them).");
        }

        decimal assets = figures.TotalAssets.Minor;
        var x1 = (figures.CurrentAssets.Minor - (decimal)figures.CurrentLiabilities.Minor) / assets;
        var x2 = figures.RetainedEarnings.Minor / assets;
        var x3 = figures.Ebit.Minor / assets;
        var x4 = figures.BookEquity.Minor / (decimal)figures.TotalLiabilities.Minor;
        var z = (6.56m * x1) + (3.26m * x2) + (6.72m * x3) + (1.05m * x4);
        return new AltmanZScore(z, x1, x2, x3, x4, ZoneOf(z), Ratios(figures));
    }

    public static AltmanZone ZoneOf(decimal z) =>
        z > SafeAbove ? AltmanZone.Safe : z >= DistressBelow ? AltmanZone.Grey : AltmanZone.Distress;

    private static FinancialRatios Ratios(FinancialFigures f)
    {
        decimal currentLiabilities = f.CurrentLiabilities.Minor;
        decimal? current = currentLiabilities == 0 ? null : f.CurrentAssets.Minor / currentLiabilities;
        decimal? quick = currentLiabilities == 0 || f.Inventory is not { } inventory
            ? null
            : (f.CurrentAssets.Minor - (decimal)inventory.Minor) / currentLiabilities;
        decimal? debtToEquity = f.BookEquity.IsPositive ? f.TotalLiabilities.Minor / (decimal)f.BookEquity.Minor : null;
        decimal? netMargin = f.Revenue is { IsPositive: true } revenue && f.NetIncome is { } netIncome
            ? netIncome.Minor / (decimal)revenue.Minor
            : null;
        return new FinancialRatios(current, quick, debtToEquity, netMargin);
    }

    private static ValidationFailed? CheckCurrencies(FinancialFigures f)
    {
        var currency = f.TotalAssets.Currency;
        (string Field, Money? Amount)[] fields =
        [
            ("totalLiabilities", f.TotalLiabilities), ("currentAssets", f.CurrentAssets),
            ("currentLiabilities", f.CurrentLiabilities), ("retainedEarnings", f.RetainedEarnings), ("ebit", f.Ebit),
            ("bookEquity", f.BookEquity), ("inventory", f.Inventory), ("revenue", f.Revenue), ("netIncome", f.NetIncome),
        ];
        return fields
            .Where(x => x.Amount is { } amount && amount.Currency != currency)
            .Select(x => new ValidationFailed(x.Field, $"Every figure must be in {currency.Code} like total assets; {x.Field} is in {x.Amount!.Value.Currency.Code}."))
            .FirstOrDefault();
    }
}
