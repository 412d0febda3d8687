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
    internal sealed record Options(Option<string?> By, Option<string?> Basis, Option<string?> Buckets, Option<string?> Currency, Option<DateOnly?> From, Option<DateOnly?> To);

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
        foreach (var option in new Option[] { by, basis, buckets, currency, from, to })
        {
            command.Options.Add(option);
        }

        return new Options(by, basis, buckets, currency, from, to);
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

        if (parse.GetValue(options.From) is not { } from || parse.GetValue(options.To) is not { } to)
        {
            return "metrics needs --from and --to (dates).";
        }

        var error = await services.GetRequiredService<MetricsCsv>().Write(output, new MetricsQuery(from, to, parse.GetValue(options.By)), ct);
        return error?.Message;
    }
}
