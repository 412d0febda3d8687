using Credo.Domain.Bureau;

namespace Credo.Web.Features.Evidence;

/// <summary>Configuration section "Evidence". See docs/evidence.md.</summary>
internal sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    public BureauOptions Bureau { get; set; } = new();

    public ReferenceOptions References { get; set; } = new();

    public FraudOptions Fraud { get; set; } = new();
}

internal sealed class BureauOptions
{
    /// <summary>
    /// Provider names in the order they are asked; the first report wins. Empty means ["manual"]: no bureau is asked,
    /// and an application without a report an analyst entered goes to a person. The deterministic local bureau invents
    /// its facts: the demo and the tests name it here; a production install never should.
    /// </summary>
    public List<string> Waterfall { get; set; } = [];

    /// <summary>A report younger than this is reused instead of pulling again (and a "no match" is not asked again).</summary>
    public int MaxAgeDays { get; set; } = 30;

    /// <summary>What one call to the local bureau is booked at (0: it is free; set it to rehearse cost reports).</summary>
    public long LocalCostMinor { get; set; }

    public string CostCurrency { get; set; } = "USD";

    /// <summary>Configurable HTTP bureaus, each referred to by its <see cref="HttpBureauOptions.Name"/> in the waterfall.</summary>
    public List<HttpBureauOptions> Http { get; set; } = [];

    /// <summary>The waterfall without blank or repeated names (a setting given in two places may repeat one).</summary>
    public IReadOnlyList<string> Order =>
        Waterfall.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } named ? named : [ManualBureauProvider.ProviderName];

    /// <summary>Whether any bureau is asked: the waterfall names a provider besides reports entered by hand.</summary>
    public bool AsksABureau => Order.Any(n => n != ManualBureauProvider.ProviderName);
}

internal sealed class HttpBureauOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>e.g. https://api.bureau.example/v2/</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The header that carries the key (e.g. X-Api-Key or Authorization).</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    public string? ApiKey { get; set; }

    /// <summary>Relative path with placeholders {taxId} and {country}, URL-escaped when filled.</summary>
    public string PathTemplate { get; set; } = "reports/{taxId}";

    public int TimeoutSeconds { get; set; } = 10;

    public long CostMinor { get; set; }

    public string CostCurrency { get; set; } = "USD";

    public HttpFieldMap Fields { get; set; } = new();
}

/// <summary>JSON paths into the bureau's answer (see <see cref="BureauFieldMapping"/>).</summary>
internal sealed class HttpFieldMap
{
    public string? Score { get; set; }

    public decimal ScoreMin { get; set; }

    public decimal ScoreMax { get; set; } = 100;

    public string? SuggestedLimit { get; set; }

    public string? Currency { get; set; }

    public string? DefaultCurrency { get; set; }

    public string? Bankruptcy { get; set; }

    public string? Judgments { get; set; }

    public string? Found { get; set; }

    public BureauFieldMapping ToMapping() => new(Score, ScoreMin, ScoreMax, SuggestedLimit, Currency, DefaultCurrency, Bankruptcy, Judgments, Found);
}

internal sealed class ReferenceOptions
{
    /// <summary>Absolute base of the links emailed to referees, e.g. https://credit.example.com. Empty: relative links (demo only).</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    public int LinkValidDays { get; set; } = 30;

    /// <summary>Requests to the public answer page per client IP per minute.</summary>
    public int AnswersPerMinute { get; set; } = 20;
}

internal sealed class FraudOptions
{
    public decimal SimilarNameThreshold { get; set; } = 0.85m;

    public double ShippingFarKm { get; set; } = 300;

    public int VelocityWindowHours { get; set; } = 24;

    /// <summary>More applications than this from one email, IP or device within the window raises the signal.</summary>
    public int VelocityMaxApplications { get; set; } = 2;

    /// <summary>The bust-out watch looks at accounts approved within this many days.</summary>
    public int ProbationDays { get; set; } = 60;

    /// <summary>Share of the limit whose reaching within the probation raises the bust-out signal.</summary>
    public decimal BustOutShare { get; set; } = 0.8m;
}
