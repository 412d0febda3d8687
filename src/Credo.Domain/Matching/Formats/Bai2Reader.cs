using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// BAI2 (the US cash-management format): 01 file header, 02 group header (as-of date, currency), 03 account
/// (balances and summaries), 16 transaction detail, 88 continuation of the record before it, 49/98/99 trailers
/// with control totals and record counts, all of which are checked: a total that does not add up refuses the
/// file. Amounts carry no decimal point: they are already minor units of the group's (or account's) currency.
/// Type codes 100-399 and 900-959 are credits, 400-699 and 960-999 debits; 010 is the opening and 015 the closing
/// ledger balance.
/// </summary>
public static class Bai2Reader
{
    public static bool Recognises(string content) => content.TrimStart('\uFEFF', ' ', '\r', '\n').StartsWith("01,", StringComparison.Ordinal);

    /// <summary>A logical record (continuations joined) with the line it started on and how many physical lines it took.</summary>
    internal sealed record Record(string Code, List<string> Fields, string? Text, int LineNumber, int Physical);

    public static Result<ParsedFile> Read(string content)
    {
        var records = Records(content);
        if (!records.IsOk)
        {
            return records.Error!;
        }

        return new Bai2File(records.Value!).Read();
    }

    private static Result<List<Record>> Records(string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var records = new List<Record>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var code = comma < 0 ? line.TrimEnd('/') : line[..comma];
            var rest = comma < 0 ? "" : line[(comma + 1)..];
            if (code == "88")
            {
                if (records.Count == 0)
                {
                    return StatementRefusal.At($"line {i + 1}", "a continuation (88) comes before any record");
                }

                records[^1] = Continue(records[^1], rest);
                continue;
            }

            if (code is not ("01" or "02" or "03" or "16" or "49" or "98" or "99"))
            {
                return StatementRefusal.At($"line {i + 1}", $"'{code}' is not a BAI2 record code");
            }

            records.Add(code == "16" ? Detail(rest, i + 1) : new Record(code, Split(rest), null, i + 1, 1));
        }

        return records;
    }

    /// <summary>A 16 record: type, amount, funds type (with its extra fields), bank ref, customer ref, then free text.</summary>
    private static Record Detail(string rest, int lineNumber)
    {
        var parts = rest.Split(',');
        var fields = new List<string>();
        var index = 0;
        string Next() => index < parts.Length ? parts[index++] : "";
        fields.Add(Next());
        fields.Add(Next());
        var funds = Next();
        fields.Add(funds);
        var extra = funds switch
        {
            "S" => 3,
            "V" => 2,
            "D" => 1 + (2 * (int.TryParse(index < parts.Length ? parts[index] : "0", CultureInfo.InvariantCulture, out var n) ? n : 0)),
            _ => 0,
        };
        for (var k = 0; k < extra; k++)
        {
            Next();
        }

        fields.Add(Next());
        fields.Add(Next());
        var text = index < parts.Length ? string.Join(',', parts[index..]) : "";
        return new Record("16", fields, TrimText(text), lineNumber, 1);
    }

    private static Record Continue(Record record, string rest) => record.Code == "16"
        ? record with { Text = string.Join(' ', new[] { record.Text, TrimText(rest) }.Where(t => !string.IsNullOrEmpty(t))), Physical = record.Physical + 1 }
        : record with { Fields = [.. record.Fields, .. Split(rest)], Physical = record.Physical + 1 };

    private static string TrimText(string text)
    {
        var trimmed = text.Trim();
        return trimmed == "/" ? "" : trimmed;
    }

    private static List<string> Split(string rest)
    {
        var body = rest.Trim();
        if (body.EndsWith('/'))
        {
            body = body[..^1];
        }

        return [.. body.Split(',').Select(f => f.Trim())];
    }

    internal static long? Number(string field)
    {
        var text = field.Trim();
        return text.Length == 0 ? 0 : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    internal static DateOnly? Date(string yymmdd) =>
        DateOnly.TryParseExact(yymmdd.Trim(), "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    internal static Currency? CurrencyOf(string code, Currency fallback) =>
        code.Trim().Length == 0 ? fallback : Currency.TryParse(code, out var currency) ? currency : null;
}
