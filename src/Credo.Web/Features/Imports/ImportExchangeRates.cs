using System.Globalization;
using Credo.Web.Data;
using Credo.Web.Features.Credit;

namespace Credo.Web.Features.Imports;

/// <summary>
/// Exchange rates from CSV (from, to, effectiveOn, rate[, reason]) through the same import run as the ledger: the
/// batch row, the progress, the report by line, field and reason, all-or-nothing unless partial. Rows are checked as
/// <c>PUT /api/exchange-rates</c> checks them; the valid ones are recorded by <see cref="RecordExchangeRates"/> in
/// the import's transaction, so a rate already in effect with the same value is unchanged (a replayed file adds
/// nothing) and a different one is a correction that supersedes it. One file gives one rate per pair and date.
/// </summary>
internal sealed partial class ImportFile
{
    private async Task ImportExchangeRates(ImportRun run, CancellationToken ct)
    {
        var parser = new RowParser(run.Request.Mapping);
        var valid = new List<RateToRecord>();
        var seen = new Dictionary<(string From, string To, DateOnly On), (long Line, decimal Rate)>();
        var errors = new List<RowError>();
        foreach (var record in run.Source!.Records())
        {
            run.Live.RowsRead++;
            if (record.Problem is { } problem)
            {
                run.Reject([problem]);
                continue;
            }

            errors.Clear();
            if (parser.ParseExchangeRate(record, errors) is not { } row)
            {
                run.Reject(errors);
                continue;
            }

            var r = row.Rate;
            if (seen.TryGetValue((r.From, r.To, r.EffectiveOn), out var first))
            {
                if (first.Rate == r.Rate)
                {
                    run.Live.RowsUnchanged++;
                }
                else
                {
                    run.Conflicts++;
                    run.Reject([new RowError(record.Line, "rate", $"{ConflictPrefix} line {first.Line} gives {r.From}->{r.To} on {r.EffectiveOn:yyyy-MM-dd} as {first.Rate.ToString(CultureInfo.InvariantCulture)}; a file gives one rate per pair and date.")]);
                }

                continue;
            }

            seen[(r.From, r.To, r.EffectiveOn)] = (record.Line, r.Rate);
            valid.Add(row);
            run.ReportBytes();
        }

        if (run.Rejected > 0 && !run.Request.Partial)
        {
            return; // the caller rolls back; nothing is recorded
        }

        var recorded = await new RecordExchangeRates(db).Record(valid, ct);
        run.Live.RowsAdded += recorded.Added.Count;
        run.Live.RowsUnchanged += recorded.Unchanged;
    }
}

/// <summary>The exchange-rate row of an import, checked as the API checks a rate (same fields, same reasons).</summary>
internal sealed partial class RowParser
{
    public RateToRecord? ParseExchangeRate(SourceRecord record, List<RowError> errors)
    {
        var before = errors.Count;
        var effectiveOn = Date(record, "effectiveOn", required: true, errors);
        var rateText = Text(record, "rate");
        decimal? rate = null;
        if (rateText is null)
        {
            errors.Add(new RowError(record.Line, "rate", "'rate' is required and empty."));
        }
        else if (decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, _numbers, out var parsed))
        {
            rate = parsed;
        }
        else
        {
            errors.Add(new RowError(record.Line, "rate", $"'{rateText}' is not a number (decimal separator '{_mapping.DecimalSeparator}')."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var checkedRate = RecordExchangeRates.Validate(Text(record, "from"), Text(record, "to"), effectiveOn, rate, Text(record, "reason"));
        if (!checkedRate.IsOk)
        {
            errors.Add(new RowError(record.Line, checkedRate.Error!.Field ?? "row", checkedRate.Error.Message));
            return null;
        }

        return checkedRate.Value;
    }
}
