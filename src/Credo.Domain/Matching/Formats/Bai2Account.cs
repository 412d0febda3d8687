using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Record = Credo.Domain.Matching.Formats.Bai2Reader.Record;

namespace Credo.Domain.Matching.Formats;

/// <summary>One 03 account record, its 16 details and its 49 trailer.</summary>
internal sealed class Bai2Account(List<Record> records, string fileId, DateOnly asOf, Currency groupCurrency)
{
    public Result<(ParsedStatement Statement, long Total, long Physical)> Read(ref int position)
    {
        var header = records[position++];
        var fields = header.Fields;
        var account = fields.ElementAtOrDefault(0)?.Trim() ?? "";
        if (account.Length == 0)
        {
            return StatementRefusal.At($"line {header.LineNumber}", "the 03 account record has no account number");
        }

        if (Bai2Reader.CurrencyOf(fields.ElementAtOrDefault(1) ?? "", groupCurrency) is not { } currency)
        {
            return StatementRefusal.At($"line {header.LineNumber}", $"'{fields[1]}' is not a currency");
        }

        var summary = Summaries(header, currency);
        if (!summary.IsOk)
        {
            return summary.Error!;
        }

        var (total, opening, closing) = summary.Value;
        long physical = header.Physical;
        var lines = new List<ParsedLine>();
        while (position < records.Count && records[position].Code == "16")
        {
            var detail = records[position++];
            physical += detail.Physical;
            var line = Line(detail, lines.Count + 1, currency);
            if (!line.IsOk)
            {
                return line.Error!;
            }

            total += line.Value!.Amount.Minor < 0 ? -line.Value.Amount.Minor : line.Value.Amount.Minor;
            lines.Add(line.Value);
        }

        if (position >= records.Count || records[position].Code != "49")
        {
            return StatementRefusal.At(position < records.Count ? $"line {records[position].LineNumber}" : "the end of the file", "expected a 16 detail or the 49 account trailer");
        }

        var trailer = records[position++];
        physical += trailer.Physical;
        var stated = Bai2Reader.Number(trailer.Fields.ElementAtOrDefault(0) ?? "");
        var statedRecords = Bai2Reader.Number(trailer.Fields.ElementAtOrDefault(1) ?? "");
        if (stated != total)
        {
            return StatementRefusal.At($"line {trailer.LineNumber}", $"the account control total is {trailer.Fields.ElementAtOrDefault(0)}, but the amounts add up to {total}");
        }

        if (statedRecords != physical)
        {
            return StatementRefusal.At($"line {trailer.LineNumber}", $"the account trailer counts {trailer.Fields.ElementAtOrDefault(1)} records, but there are {physical}");
        }

        var statement = new ParsedStatement(
            StatementFormat.Bai2, $"{fileId}/{account}/{asOf:yyyy-MM-dd}", account, currency, fileId, asOf, opening, closing, lines);
        return (statement, total, physical);
    }

    /// <summary>The 03 record's (type, amount, count, funds type) groups: their amounts count in the control total.</summary>
    private static Result<(long Total, Money? Opening, Money? Closing)> Summaries(Record header, Currency currency)
    {
        var fields = header.Fields;
        long total = 0;
        Money? opening = null, closing = null;
        var i = 2;
        while (i < fields.Count && fields[i].Length > 0)
        {
            var type = fields[i];
            var amount = Bai2Reader.Number(fields.ElementAtOrDefault(i + 1) ?? "");
            if (amount is null)
            {
                return StatementRefusal.At($"line {header.LineNumber}", $"'{fields[i + 1]}' is not an amount for type code {type}");
            }

            total += amount.Value;
            opening = type == "010" ? new Money(amount.Value, currency) : opening;
            closing = type == "015" ? new Money(amount.Value, currency) : closing;
            var funds = fields.ElementAtOrDefault(i + 3) ?? "";
            i += 4 + funds switch
            {
                "S" => 3,
                "V" => 2,
                "D" => 1 + (2 * (int)(Bai2Reader.Number(fields.ElementAtOrDefault(i + 4) ?? "") ?? 0)),
                _ => 0,
            };
        }

        return (total, opening, closing);
    }

    private Result<ParsedLine> Line(Record detail, int number, Currency currency)
    {
        var where = $"line {detail.LineNumber}";
        var type = detail.Fields[0].Trim();
        if (type.Length != 3 || !int.TryParse(type, out var code))
        {
            return StatementRefusal.At(where, $"'{type}' is not a BAI2 type code");
        }

        if (Bai2Reader.Number(detail.Fields[1]) is not { } minor || minor < 0)
        {
            return StatementRefusal.At(where, $"'{detail.Fields[1]}' is not an amount");
        }

        var credit = code is (>= 100 and < 400) or (>= 900 and < 960);
        var debit = code is (>= 400 and < 700) or (>= 960 and < 1000);
        if (!credit && !debit)
        {
            return StatementRefusal.At(where, $"type code {type} is a summary code, not a transaction");
        }

        var text = detail.Text ?? "";
        var payer = Tagged(text, "ORG:=") ?? Tagged(text, "SENDER NAME:=") ?? Tagged(text, "ORIGINATOR:=");
        var remittance = Tagged(text, "OBI:=") ?? text;
        return new ParsedLine(
            number, asOf, null, new Money(credit ? minor : -minor, currency), true, Blank(detail.Fields[3]), Blank(detail.Fields[4]), payer, null,
            remittance, [], type);
    }

    /// <summary>"KEY:=value" inside the continuation text, up to the next KEY:= or the end.</summary>
    private static string? Tagged(string text, string key)
    {
        var start = text.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var value = text[(start + key.Length)..];
        var next = System.Text.RegularExpressions.Regex.Match(value, @" [A-Z]{2,}(?: [A-Z]{2,})?:=", System.Text.RegularExpressions.RegexOptions.None, Credo.Domain.Common.PatternGuard.Timeout);
        return (next.Success ? value[..next.Index] : value).Trim();
    }

    private static string? Blank(string value) => value.Trim().Length == 0 ? null : value.Trim();
}
