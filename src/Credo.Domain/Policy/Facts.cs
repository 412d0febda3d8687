namespace Credo.Domain.Policy;

/// <summary>The type of a named fact. Money facts are numbers in the application's currency, major units.</summary>
public enum FactType
{
    Number,
    Flag,
    Text,
}

/// <summary>A fact's value. A missing fact is absent from the <see cref="FactSet"/>, never a zero.</summary>
public abstract record FactValue
{
    private FactValue()
    {
    }

    public abstract FactType Type { get; }

    public sealed record Number(decimal Value) : FactValue
    {
        public override FactType Type => FactType.Number;

        public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed record Flag(bool Value) : FactValue
    {
        public override FactType Type => FactType.Flag;

        public override string ToString() => Value ? "true" : "false";
    }

    public sealed record Text(string Value) : FactValue
    {
        public override FactType Type => FactType.Text;

        public override string ToString() => Value;
    }
}

/// <summary>
/// The facts known about one applicant or customer at one moment, by name. Immutable; <see cref="With"/> returns a copy.
/// A name that is absent is a missing fact: policies refer it to a person, scorecards score it as missing.
/// </summary>
public sealed class FactSet
{
    private readonly Dictionary<string, FactValue> values;

    public FactSet(IEnumerable<KeyValuePair<string, FactValue>> values)
    {
        this.values = new Dictionary<string, FactValue>(values, StringComparer.Ordinal);
    }

    public static FactSet Empty { get; } = new([]);

    public IReadOnlyDictionary<string, FactValue> Values => values;

    public FactValue? this[string name] => values.GetValueOrDefault(name);

    public bool Has(string name) => values.ContainsKey(name);

    public decimal? Number(string name) => values.GetValueOrDefault(name) is FactValue.Number n ? n.Value : null;

    public bool? Flag(string name) => values.GetValueOrDefault(name) is FactValue.Flag f ? f.Value : null;

    public string? Text(string name) => values.GetValueOrDefault(name) is FactValue.Text t ? t.Value : null;

    /// <summary>A copy with <paramref name="name"/> set, or removed when <paramref name="value"/> is null (missing).</summary>
    public FactSet With(string name, FactValue? value)
    {
        var copy = new Dictionary<string, FactValue>(values, StringComparer.Ordinal);
        if (value is null)
        {
            copy.Remove(name);
        }
        else
        {
            copy[name] = value;
        }

        return new FactSet(copy);
    }

    /// <summary>A copy with every fact of <paramref name="overlay"/> set over these (the overlay wins on a name in both).</summary>
    public FactSet With(FactSet overlay)
    {
        var copy = new Dictionary<string, FactValue>(values, StringComparer.Ordinal);
        foreach (var (name, value) in overlay.values)
        {
            copy[name] = value;
        }

        return new FactSet(copy);
    }

    public FactSet With(string name, decimal? value) => With(name, value is { } v ? new FactValue.Number(v) : null);

    public FactSet With(string name, bool? value) => With(name, value is { } v ? new FactValue.Flag(v) : null);

    public FactSet With(string name, string? value) => With(name, value is { } v ? new FactValue.Text(v) : null);

    /// <summary>The numeric facts only, as a scorecard reads them (a non-numeric or missing fact is null).</summary>
    public IReadOnlyDictionary<string, decimal?> Numbers() =>
        values.Where(kv => kv.Value is FactValue.Number).ToDictionary(kv => kv.Key, kv => (decimal?)((FactValue.Number)kv.Value).Value, StringComparer.Ordinal);
}

/// <summary>A fact the policy language knows: its name, type and what it means.</summary>
public sealed record FactDefinition(string Name, FactType Type, string Description);

/// <summary>
/// Every fact a policy or scorecard may name. Evidence gathering fills them; publishing a policy that names any
/// other fact, or compares one with a value of the wrong type, is refused. Names are camelCase.
/// </summary>
public static class FactCatalog
{
    public static IReadOnlyList<FactDefinition> All { get; } =
    [
        // the application itself
        new("isExistingCustomer", FactType.Flag, "The applicant is already a customer (limit increase or periodic review)."),
        new("requestedLimit", FactType.Number, "The credit limit asked for, in the application's currency."),
        new("requestedTermsDays", FactType.Number, "Net days of the payment terms asked for."),
        new("yearsInBusiness", FactType.Number, "Years since incorporation (or as declared)."),
        new("annualRevenue", FactType.Number, "Declared annual revenue, in the application's currency."),
        new("employees", FactType.Number, "Declared number of employees."),
        new("country", FactType.Text, "ISO 3166 alpha-2 country of the registered address."),

        // internal payment history (existing customers)
        new("paydex", FactType.Number, "PAYDEX-like score 1..100 from the customer's own paid invoices."),
        new("averageDaysDelinquent", FactType.Number, "Dollar-weighted average days paid beyond terms (late invoices only)."),
        new("utilisation", FactType.Number, "Exposure over limit at the customer level, 0..1 and above."),
        new("overdueAmount", FactType.Number, "Open receivables past due, in the customer's currency."),
        new("openDisputes", FactType.Number, "Disputes currently open."),
        new("returnedPayments", FactType.Number, "Payments reversed (returned) in the last 12 months."),
        new("monthsAsCustomer", FactType.Number, "Months since the first invoice."),

        // bureau
        new("bureauScore", FactType.Number, "The bureau's commercial score, normalised to 0..100 (higher is better)."),
        new("bureauSuggestedLimit", FactType.Number, "The bureau's suggested credit limit, in the application's currency."),
        new("bureauBankruptcy", FactType.Flag, "A bankruptcy or insolvency filing is on record."),
        new("bureauJudgments", FactType.Number, "Count of open judgments and liens."),
        new("bureauReportAgeDays", FactType.Number, "Age of the bureau report used, in days."),

        // financial statements
        new("altmanZ", FactType.Number, "Altman Z'' from the latest financial statement."),
        new("altmanZone", FactType.Text, "safe, grey or distress."),
        new("currentRatio", FactType.Number, "Current assets over current liabilities."),
        new("netWorth", FactType.Number, "Book equity, in the application's currency."),

        // references
        new("tradeReferencesAnswered", FactType.Number, "Trade references that answered."),
        new("tradeReferencesNegative", FactType.Number, "Trade references reporting slow payment or loss."),
        new("bankReferencePositive", FactType.Flag, "The bank reference answered satisfactorily."),

        // fraud checks (each a flag: raised or not); absent when the check could not run
        new("fraudSharedIdentifier", FactType.Flag, "Tax id, bank account, phone, address or email domain shared with another customer or application under a different name."),
        new("fraudFreeMailWithWebsite", FactType.Flag, "Free-mail contact address although the company has a website."),
        new("fraudEmailDomainMismatch", FactType.Flag, "Contact email domain does not match the website's."),
        new("fraudSimilarName", FactType.Flag, "Name looks like an existing customer's (normalised edit distance)."),
        new("fraudTaxIdInvalid", FactType.Flag, "Tax id fails its scheme's format or check digits."),
        new("fraudShippingFar", FactType.Flag, "Shipping address far from the registered address."),
        new("fraudVelocity", FactType.Flag, "Several applications from one email, IP or device in the window."),
        new("fraudSignalsRaised", FactType.Number, "How many fraud checks raised a signal."),

        // computed by the policy version's scorecard and limit formula before the rules run
        new("score", FactType.Number, "Scorecard total 0..100."),
        new("scoreConfidence", FactType.Number, "Share 0..1 of the scorecard weight whose facts were present."),
        new("riskClass", FactType.Text, "Risk class from the scorecard cut-offs (e.g. low, medium, high)."),
        new("recommendedLimit", FactType.Number, "Least of the configured limit candidates, in the application's currency."),
    ];

    private static readonly Dictionary<string, FactDefinition> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static FactDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
