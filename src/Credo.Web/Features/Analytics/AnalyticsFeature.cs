using Credo.Domain.Amounts;
using Credo.Web.Features.Customers;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credo.Web.Features.Analytics;

/// <summary>Analytics settings (section <c>Analytics</c>).</summary>
internal sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>ISO 4217 code every total is also shown in, beside the native per-currency breakdown.</summary>
    public string ReportingCurrency { get; set; } = "USD";

    public Currency Reporting => Currency.Of(ReportingCurrency);

    /// <summary>A TrueType font file for PDFs; empty: the first of the usual system fonts found (DejaVu Sans on Debian).</summary>
    public string? PdfFontFile { get; set; }

    /// <summary>Late-payment prediction: the segment dimension whose code is a feature (e.g. channel, region, tier).</summary>
    public string PredictionSegmentDimension { get; set; } = "channel";

    /// <summary>Late-payment prediction: the seed of training (same seed and history, same model).</summary>
    public int PredictionSeed { get; set; } = 13;

    /// <summary>Late-payment prediction: retrain every this many days in the background (0: only by command).</summary>
    public int RetrainEveryDays { get; set; }

    /// <summary>Collection forecast: store each day's forecast in the background, for forecast vs actual.</summary>
    public bool RecordForecasts { get; set; }

    /// <summary>Month-end aging snapshots: keep this many month ends written, checked daily in the background (0, the default: only by the <c>aging-snapshots</c> command).</summary>
    public int AgingSnapshotMonths { get; set; }

    /// <summary>IFRS 9: the forward-looking adjustment per segment code (0.1: loss rates 10% higher), e.g. Analytics:ForwardLooking:online=0.1.</summary>
    public Dictionary<string, decimal> ForwardLooking { get; set; } = [];
}

/// <summary>
/// Cash-flow analytics (issue 13): read-only queries over the ledger as of any date: aging by customer, group,
/// segment and portfolio, saved bucket sets. Nothing imports this slice; see docs/analytics.md.
/// </summary>
internal static class AnalyticsFeature
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AnalyticsOptions>().Bind(config.GetSection(AnalyticsOptions.Section))
            .Validate(o => Currency.TryParse(o.ReportingCurrency, out _), "Analytics:ReportingCurrency must be a known ISO 4217 code, e.g. USD.")
            .ValidateOnStart();
        services.TryAddScoped<IPromiseHistory, NoPromiseHistory>(); // collections (issue 14 §3) replaces it with the promise history
        return services.AddScoped<GetAging>().AddScoped<GetAgingItems>().AddScoped<SaveBucketSet>().AddScoped<AgingCsv>().AddScoped<GetMetrics>().AddScoped<MetricsCsv>().AddScoped<AgingPdf>().AddScoped<GetPaymentBehaviour>()
            .AddScoped<TrainPredictions>().AddScoped<GetPredictions>().AddScoped<EvaluatePredictions>().AddScoped<GetForecast>().AddScoped<GetProvisions>().AddScoped<ProvisionsPdf>().AddScoped<ForecastAccuracy>().AddHostedService<PredictionRetraining>()
            .AddScoped<AgingSnapshots>().AddHostedService<AgingSnapshotJob>()
            .Replace(ServiceDescriptor.Scoped<IPaymentOutlooks, InvoiceOutlooks>()) // the ledger's port: predictions on invoice reads and open items
            .Replace(ServiceDescriptor.Scoped<IPayingHabits, PayingHabits>()); // the customer list's port: days late and score
    }

    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/aging", GetAging.Endpoint)
            .WithSummary("Aging as of a date (asOf, default today) by customer, group, segment or portfolio; by due or document date; native per currency and in the reporting currency.");
        api.MapGet("/aging.csv", AgingCsv.Endpoint)
            .WithSummary("The same aging as CSV: one row per subject and currency (currency=reporting: per subject in the reporting currency), a column per bucket, then unapplied, disputed, total.");
        api.MapGet("/aging.pdf", AgingPdf.Endpoint)
            .WithSummary("The same aging as a printable PDF (landscape A4): native rows, then the reporting currency or the missing rate.");
        api.MapGet("/aging/items", GetAgingItems.Endpoint)
            .WithSummary("The items behind one aging cell: a subject, a currency and a bucket (or unapplied, disputed).");
        api.MapGet("/metrics", GetMetrics.Endpoint)
            .WithSummary("Month-end DSO (standard, countback), best-possible DSO, ADD, CEI, receivables turnover and % current from..to (default: the last 24 month ends), by customer, group, segment or portfolio, in the reporting currency.");
        api.MapGet("/customers/{number}/payment-behaviour", GetPaymentBehaviour.Endpoint)
            .WithSummary("A customer's payment behaviour as of a date: days to pay, days beyond terms (all and late), % on time and the PAYDEX-like score over 3, 6, 12 and 24 months.");
        api.MapGet("/predictions", GetPredictions.Endpoint)
            .WithSummary("Late-payment predictions for the invoices open on a date (asOf, default today; customer: one customer's number): probability late, expected days late, expected pay date with its P10–P90 interval, and whether the model or the baseline gave them.");
        api.MapGet("/predictions/model", TrainPredictions.CardEndpoint).WithSummary("The model card of the late-payment model in use: data size, date range, features, hold-out metrics beside the baselines.");
        api.MapPost("/predictions/model", TrainPredictions.Endpoint).RequireAuthorization(AccessPolicies.Customers)
            .WithSummary("Retrain the late-payment model on the paid history as of today (seed: optional); stored as the next version.");
        api.MapGet("/forecast", GetForecast.Endpoint)
            .WithSummary("Expected receipts for the next weeks (weeks, default 13) from the open invoices' predicted pay days: P10/P50/P90 per week by segment and currency, in the reporting currency, and per day.");
        api.MapGet("/forecast/accuracy", ForecastAccuracy.Endpoint)
            .WithSummary("Stored forecasts beside the receipts of each week that is over, and accuracy at 1, 4 and 13 weeks ahead per currency.");
        api.MapPost("/forecast/snapshots", ForecastAccuracy.RecordEndpoint).RequireAuthorization(AccessPolicies.Customers)
            .WithSummary("Store the forecast made on a day (asOf, default today) for later comparison; a day is stored once.");
        api.MapGet("/provisions", GetProvisions.Endpoint)
            .WithSummary("IFRS 9 simplified approach as of a month end (asOf: the month end on or before it): roll-rate loss rates per aging bucket over a window (window, default 12 months), provision per segment and currency, and the change from the month end before.");
        api.MapGet("/provisions.pdf", ProvisionsPdf.Endpoint)
            .WithSummary("The same provision schedule as a printable PDF (A4): per segment and currency, each age's balance, loss rate and allowance, the total and the change.");
        api.MapGet("/bucket-sets", SaveBucketSet.ListEndpoint).WithSummary("The aging bucket sets: the standard one and those users saved.");
        api.MapPut("/bucket-sets/{name}", SaveBucketSet.Endpoint).RequireAuthorization(AccessPolicies.Customers)
            .WithSummary("Save an aging bucket set under a name (upper bounds in days, ascending); the same name replaces it.");
    }
}
