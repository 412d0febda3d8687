using System.CommandLine;
using Credo.Web.Features.Analytics;

namespace Credo.Web.Cli;

/// <summary>
/// The analytics exports of <c>export</c>: <c>aging --as-of DATE [--by customer|group|segment|portfolio]
/// [--basis due|document] [--buckets NAME] [--currency native|reporting]</c> and
/// <c>metrics --from DATE --to DATE [--by ...]</c>.
/// </summary>
internal static class ExportAnalytics
{
    internal sealed record Options(Option<string?> By, Option<string?> Basis, Option<string?> Buckets, Option<string?> Currency, Option<DateOnly?> From, Option<DateOnly?> To, Option<int?> Weeks, Option<int?> Window);

    public static Options AddOptions(Command command)
    {
        var by = new Option<string?>("--by") { Description = "aging, metrics: customer (default), group, segment or portfolio." };
        by.AcceptOnlyFromAmong("customer", "group", "segment", "portfolio");
        var basis = new Option<string?>("--basis") { Description = "aging: age from the due date (due, default) or the document date (document)." };
        basis.AcceptOnlyFromAmong("due", "document");
        var buckets = new Option<string?>("--buckets") { Description = "aging: a saved bucket set's name (default: standard)." };
        var currency = new Option<string?>("--currency") { Description = "aging: native (a row per currency, default) or reporting (Analytics:ReportingCurrency)." };
        currency.AcceptOnlyFromAmong("native", "reporting");
        var from = new Option<DateOnly?>("--from") { Description = "metrics: the first month (its month end is the first row)." };
        var to = new Option<DateOnly?>("--to") { Description = "metrics: the last month." };
        var weeks = new Option<int?>("--weeks") { Description = "forecast: how many weeks (default 13)." };
        var window = new Option<int?>("--window") { Description = "provisions: the months of history the roll rates come from (default 12)." };
        foreach (var option in new Option[] { by, basis, buckets, currency, from, to, weeks, window })
        {
            command.Options.Add(option);
        }

        return new Options(by, basis, buckets, currency, from, to, weeks, window);
    }

    /// <summary>Writes the export; returns an error message (nothing written) when it cannot.</summary>
    public static async Task<string?> Run(IServiceProvider services, ParseResult parse, Options options, string what, DateOnly asOf, Stream output, CancellationToken ct)
    {
        if (what == "aging")
        {
            var query = new AgingQuery(asOf, parse.GetValue(options.By), parse.GetValue(options.Basis), parse.GetValue(options.Buckets));
            var reporting = parse.GetValue(options.Currency) == "reporting";
            return (await services.GetRequiredService<AgingCsv>().Write(output, query, reporting, ct))?.Message;
        }

        if (what == "forecast")
        {
            var forecast = await services.GetRequiredService<GetForecast>().Handle(asOf, parse.GetValue(options.Weeks), ct);
            if (!forecast.IsOk)
            {
                return forecast.Error!.Message;
            }

            await AnalyticsCsv.Forecast(output, forecast.Value!, ct);
            return null;
        }

        if (what == "provisions")
        {
            var provisions = await services.GetRequiredService<GetProvisions>().Handle(asOf, parse.GetValue(options.Window), ct);
            if (!provisions.IsOk)
            {
                return provisions.Error!.Message;
            }

            await AnalyticsCsv.Provisions(output, provisions.Value!, ct);
            return null;
        }

        if (parse.GetValue(options.From) is not { } from || parse.GetValue(options.To) is not { } to)
        {
            return "metrics needs --from and --to (dates).";
        }

        var error = await services.GetRequiredService<MetricsCsv>().Write(output, new MetricsQuery(from, to, parse.GetValue(options.By)), ct);
        return error?.Message;
    }
}
