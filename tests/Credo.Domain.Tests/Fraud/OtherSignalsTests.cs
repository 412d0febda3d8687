using Credo.Domain.Fraud;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Fraud;

public sealed class SharedIdentifiersTests
{
    private static readonly CustomerIdentifier[] Known =
    [
        new("C1", "Northwind Traders Ltd", IdentifierKind.BankAccount, "DE89 3704 0044 0532 0130 00"),
        new("C1", "Northwind Traders Ltd", IdentifierKind.Phone, "+44 20 7946 0958"),
        new("C2", "Contoso Inc.", IdentifierKind.Email, "Ap@Contoso.com"),
        new("C3", "Fabrikam GmbH", IdentifierKind.TaxId, "DE136695976"),
    ];

    [Theory]
    // applicant name, kind, value → raised, customer in the evidence
    [InlineData("Tailspin Toys", IdentifierKind.BankAccount, "de89370400440532013000", true, "C1")] // spacing and case ignored
    [InlineData("Tailspin Toys", IdentifierKind.Phone, "+44 (20) 7946-0958", true, "C1")]
    [InlineData("Tailspin Toys", IdentifierKind.Email, " ap@contoso.com ", true, "C2")]
    [InlineData("Northwind Traders Limited", IdentifierKind.BankAccount, "DE89370400440532013000", false, "")] // same name once normalised
    [InlineData("Tailspin Toys", IdentifierKind.Phone, "DE89370400440532013000", false, "")] // same value, different kind
    [InlineData("Tailspin Toys", IdentifierKind.TaxId, "DE129273398", false, "")]
    public void Identifiers_held_under_another_name(string name, IdentifierKind kind, string value, bool raised, string customer)
    {
        var signal = SharedIdentifiers.Check(name, [new Identifier(kind, value)], Known);
        Assert.Equal(raised, signal.IsRaised);
        if (raised)
        {
            Assert.Contains(customer, Assert.Single(signal.Evidence));
        }
    }

    [Fact]
    public void No_identifiers_is_not_applicable() =>
        Assert.Equal(SignalOutcome.NotApplicable, SharedIdentifiers.Check("X", [], Known).Outcome);
}

public sealed class ApplicationVelocityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static ApplicationSeen App(string id, double hoursAgo, string? email = null, string? ip = null, string? device = null) =>
        new(id, Now.AddHours(-hoursAgo), email, ip, device);

    [Theory]
    // hours ago of earlier applications from the same email; window 24 h; at most 2 → raised?
    [InlineData(new double[] { }, false)]
    [InlineData(new double[] { 1 }, false)] // 2 in the window
    [InlineData(new double[] { 1, 23.9 }, true)] // 3
    [InlineData(new double[] { 1, 24 }, false)] // exactly 24 h ago is outside (window is half-open at the start)
    [InlineData(new double[] { 1, 30, 48 }, false)]
    [InlineData(new double[] { 1, 2, -1 }, true)] // a later one is ignored, the other two count
    [InlineData(new double[] { -1, -2 }, false)]
    public void Applications_from_one_email_within_the_window(double[] hoursAgo, bool raised)
    {
        var current = App("now", 0, email: "Buyer@Example.com");
        var earlier = hoursAgo.Select((h, i) => App("a" + i, h, email: "buyer@example.com")).ToList();
        Assert.Equal(raised, ApplicationVelocity.Check(current, earlier, TimeSpan.FromHours(24), maxApplications: 2).IsRaised);
    }

    [Fact]
    public void Ip_and_device_count_separately_and_the_evidence_names_the_key()
    {
        var current = App("now", 0, email: "a@x.com", ip: "203.0.113.7", device: "dev-1");
        var earlier = new[] { App("1", 1, email: "b@x.com", ip: "203.0.113.7"), App("2", 2, email: "c@x.com", ip: "203.0.113.7", device: "dev-2") };
        var signal = ApplicationVelocity.Check(current, earlier, TimeSpan.FromHours(24), maxApplications: 2);
        Assert.True(signal.IsRaised);
        Assert.Contains("ip 203.0.113.7", Assert.Single(signal.Evidence));
    }

    [Fact]
    public void No_keys_is_not_applicable() =>
        Assert.Equal(SignalOutcome.NotApplicable, ApplicationVelocity.Check(App("now", 0), [], TimeSpan.FromHours(1), 1).Outcome);
}

public sealed class AddressDistanceTests
{
    [Theory]
    // from, to, km (to 0.1)
    [InlineData(51.5074, -0.1278, 48.8566, 2.3522, 343.6)] // London - Paris
    [InlineData(40.7128, -74.0060, 34.0522, -118.2437, 3935.8)] // New York - Los Angeles
    [InlineData(0, 0, 0, 1, 111.2)] // one degree on the equator: R·π/180
    [InlineData(0, 0, 0, 180, 20015.1)] // antipodes: R·π
    [InlineData(10, 20, 10, 20, 0)]
    [InlineData(0, 179.5, 0, -179.5, 111.2)] // across the antimeridian
    public void Haversine_distance(double lat1, double lon1, double lat2, double lon2, double km) =>
        Assert.Equal(km, Math.Round(AddressDistance.Kilometres(new GeoPoint(lat1, lon1), new GeoPoint(lat2, lon2)).Value, 1));

    [Theory]
    [InlineData(300, true)]
    [InlineData(343, true)]
    [InlineData(344, false)]
    public void Far_shipping_raises(double thresholdKm, bool raised) =>
        Assert.Equal(raised, AddressDistance.Check(new(51.5074, -0.1278), new(48.8566, 2.3522), thresholdKm).Value!.IsRaised);

    [Theory]
    [InlineData(91, 0, 0, 0, "registered.latitude")]
    [InlineData(0, -181, 0, 0, "registered.longitude")]
    [InlineData(0, 0, -90.5, 0, "shipping.latitude")]
    public void Impossible_coordinates_are_refused(double lat1, double lon1, double lat2, double lon2, string field) =>
        Assert.Equal(field, AddressDistance.Kilometres(new(lat1, lon1), new(lat2, lon2)).Error!.Field);

    private static Arbitrary<GeoPoint> Point() =>
        Gen.Zip(Gen.Choose(-90_000, 90_000), Gen.Choose(-180_000, 180_000)).Select(t => new GeoPoint(t.Item1 / 1000.0, t.Item2 / 1000.0)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Distance_is_symmetric_and_at_most_half_the_circumference() =>
        Prop.ForAll(Point(), Point(), (p, q) =>
        {
            var there = AddressDistance.Kilometres(p, q).Value;
            var back = AddressDistance.Kilometres(q, p).Value;
            return Math.Abs(there - back) < 1e-6 && there is >= 0 and <= 20015.2;
        });
}

public sealed class BustOutWatchTests
{
    private static readonly DateOnly Approved = new(2026, 11, 1);

    private static readonly Credo.Domain.Amounts.Money Limit = Credo.Domain.Amounts.Money.Usd(10_000_00);

    private static DatedAmount Usd(int day, long minor) => new(Approved.AddDays(day), Credo.Domain.Amounts.Money.Usd(minor));

    [Theory]
    // orders as day:amount, payments as day:amount; within 30 days, 80% → raised, evidence contains
    [InlineData("0:4000_00,3:4000_00", "", true, "day 3")] // exactly 80% on day 3
    [InlineData("0:4000_00,3:3999_99", "", false, "79.9")]
    [InlineData("0:4000_00,3:4000_00", "2:1000_00", false, "70.0")] // a payment in between keeps it under
    [InlineData("0:9000_00", "", true, "day 0")] // approval day counts
    [InlineData("31:9000_00", "", false, "0.0")] // after the window
    [InlineData("-1:9000_00", "", false, "0.0")] // before approval
    [InlineData("30:9000_00", "", true, "day 30")] // last day of the window counts
    [InlineData("1:5000_00,1:4000_00", "1:2000_00", false, "70.0")] // a day's movements apply together
    public void First_orders_rushing_to_the_limit(string orders, string payments, bool raised, string evidence)
    {
        static List<DatedAmount> Parse(string s) => s.Length == 0 ? [] :
            [.. s.Split(',').Select(p => p.Split(':')).Select(p => Usd(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[1].Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)))];
        var signal = BustOutWatch.Check(Approved, Limit, Parse(orders), Parse(payments), withinDays: 30, utilisationShare: 0.8m).Value!;
        Assert.Equal(raised, signal.IsRaised);
        Assert.Contains(evidence, Assert.Single(signal.Evidence));
    }

    [Fact]
    public void Orders_in_another_currency_are_refused() =>
        Assert.Equal("orders", BustOutWatch.Check(Approved, Limit, [new(Approved, Credo.Domain.Amounts.Money.Eur(1))], [], 30, 0.8m).Error!.Field);

    [Fact]
    public void No_limit_is_not_applicable() =>
        Assert.Equal(SignalOutcome.NotApplicable, BustOutWatch.Check(Approved, Credo.Domain.Amounts.Money.Usd(0), [], [], 30, 0.8m).Value!.Outcome);
}
