using System.Globalization;
using Credo.Domain.Creditworthiness;

namespace Credo.Domain.Tests.Creditworthiness;

public sealed class AltmanZTests
{
    private static Credo.Domain.Amounts.Money Usd(decimal major) => Credo.Domain.Amounts.Money.Usd((long)(major * 100));

    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Total assets 100.00 unless given, so each X is the figure in major units / 100.</summary>
    private static FinancialFigures Figures(decimal workingCapital, decimal retained, decimal ebit, decimal equity, decimal liabilities = 100m, decimal assets = 100m) =>
        new(Usd(assets), Usd(liabilities), Usd(workingCapital + 10m), Usd(10m), Usd(retained), Usd(ebit), Usd(equity));

    [Fact]
    public void Worked_example_by_hand()
    {
        // Assets 1,000,000; current assets 400,000 and current liabilities 250,000 → WC 150,000, X1 = 0.15
        // retained 200,000 → X2 = 0.20; EBIT 80,000 → X3 = 0.08; equity 300,000 / liabilities 700,000 → X4 = 3/7
        // Z'' = 0.984 + 0.652 + 0.5376 + 0.45 = 2.6236 → safe (just above 2.60)
        var figures = new FinancialFigures(
            Usd(1_000_000m), Usd(700_000m), Usd(400_000m), Usd(250_000m), Usd(200_000m), Usd(80_000m), Usd(300_000m),
            Inventory: Usd(100_000m), Revenue: Usd(2_000_000m), NetIncome: Usd(50_000m));
        var score = AltmanZ.Score(figures).Value!;
        Assert.Equal(0.15m, score.X1);
        Assert.Equal(0.2m, score.X2);
        Assert.Equal(0.08m, score.X3);
        Assert.Equal(0.4286m, decimal.Round(score.X4, 4));
        Assert.Equal(2.6236m, decimal.Round(score.Z, 4));
        Assert.Equal(AltmanZone.Safe, score.Zone);
        Assert.Equal(1.6m, score.Ratios.CurrentRatio); // 400/250
        Assert.Equal(1.2m, score.Ratios.QuickRatio); // (400-100)/250
        Assert.Equal(2.3333m, decimal.Round(score.Ratios.DebtToEquity!.Value, 4)); // 700/300
        Assert.Equal(0.025m, score.Ratios.NetMargin); // 50/2000
    }

    [Theory]
    // working capital, retained earnings, EBIT, equity (liabilities and assets 100) → Z'' to 4 decimals and zone
    [InlineData("3", "37", "10", "50", "2.6000", AltmanZone.Grey)] // 0.1968 + 1.2062 + 0.672 + 0.525: exactly 2.60 is grey
    [InlineData("2", "14", "-8", "100", "1.1000", AltmanZone.Grey)] // 0.1312 + 0.4564 - 0.5376 + 1.05: exactly 1.10 is grey
    [InlineData("3", "37", "10", "51", "2.6105", AltmanZone.Safe)] // just above 2.60
    [InlineData("2", "14", "-8", "99", "1.0895", AltmanZone.Distress)] // just below 1.10
    [InlineData("0", "0", "0", "0", "0.0000", AltmanZone.Distress)]
    [InlineData("-20", "-30", "-10", "-50", "-3.4870", AltmanZone.Distress)] // -1.312 - 0.978 - 0.672 - 0.525
    [InlineData("40", "60", "20", "200", "8.0240", AltmanZone.Safe)] // 2.624 + 1.956 + 1.344 + 2.1
    public void Z_and_zone(string workingCapital, string retained, string ebit, string equity, string z, AltmanZone zone)
    {
        var score = AltmanZ.Score(Figures(D(workingCapital), D(retained), D(ebit), D(equity))).Value!;
        Assert.Equal(D(z), decimal.Round(score.Z, 4));
        Assert.Equal(zone, score.Zone);
    }

    [Theory]
    [InlineData("2.6000001", AltmanZone.Safe)]
    [InlineData("2.60", AltmanZone.Grey)]
    [InlineData("1.10", AltmanZone.Grey)]
    [InlineData("1.0999999", AltmanZone.Distress)]
    public void Zone_boundaries(string z, AltmanZone zone) => Assert.Equal(zone, AltmanZ.ZoneOf(D(z)));

    [Theory]
    [InlineData("0", "totalAssets")]
    [InlineData("-1", "totalAssets")]
    public void Non_positive_total_assets_are_refused(string assets, string field)
    {
        var result = AltmanZ.Score(Figures(1, 1, 1, 1, assets: D(assets)));
        Assert.Equal(field, result.Error!.Field);
    }

    [Fact]
    public void Zero_total_liabilities_are_refused() =>
        Assert.Equal("totalLiabilities", AltmanZ.Score(Figures(1, 1, 1, 1, liabilities: 0m)).Error!.Field);

    [Theory]
    [InlineData("ebit")]
    [InlineData("inventory")]
    [InlineData("netIncome")]
    public void Mixed_currencies_are_refused_naming_the_field(string field)
    {
        var eur = Credo.Domain.Amounts.Money.Eur(100);
        var figures = Figures(1, 1, 1, 1) with { Inventory = Usd(1), NetIncome = Usd(1), Revenue = Usd(10) };
        figures = field switch
        {
            "ebit" => figures with { Ebit = eur },
            "inventory" => figures with { Inventory = eur },
            _ => figures with { NetIncome = eur },
        };
        Assert.Equal(field, AltmanZ.Score(figures).Error!.Field);
    }

    [Fact]
    public void Ratios_that_are_not_defined_are_absent_not_zero()
    {
        var figures = new FinancialFigures(Usd(100), Usd(120), Usd(50), Usd(0), Usd(0), Usd(0), Usd(-20), Revenue: Usd(100));
        var ratios = AltmanZ.Score(figures).Value!.Ratios;
        Assert.Null(ratios.CurrentRatio); // no current liabilities
        Assert.Null(ratios.QuickRatio); // no inventory either
        Assert.Null(ratios.DebtToEquity); // negative equity
        Assert.Null(ratios.NetMargin); // revenue without net income
    }
}
