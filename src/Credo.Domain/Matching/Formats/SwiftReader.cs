using System.Globalization;
using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// SWIFT MT940 (customer statement) and MT942 (interim report) as banks actually send them: with or without the
/// {1:}{2:}{4: envelope, CRLF or LF, a missing final line break, stray control characters, continuation lines of
/// :86: (and of :61:'s supplementary details), German structured :86: subfields (?20..?29 remittance, ?32/?33
/// name, ?31 account, EREF+ end-to-end id), several statements in one file, and February 30 (a value date some
/// banks use; read as the month's last day).
/// </summary>
public static partial class SwiftReader
{
    private static readonly HashSet<string> Tags = ["13", "13D", "20", "21", "25", "25P", "28", "28C", "34F", "60F", "60M", "61", "62F", "62M", "64", "65", "86", "90C", "90D", "NS"];

    public static bool Recognises(string content)
    {
        // A bank's own header lines ("ABNANL2A", "940") may come before the first field.
        var head = content.TrimStart('\uFEFF', '\u0001', '\r', '\n', ' ');
        return head.StartsWith("{1:", StringComparison.Ordinal)
            || head.Replace("\r", "", StringComparison.Ordinal).Split('\n').Take(12).Any(l => TagLine().IsMatch(l) || l.Contains("{4:", StringComparison.Ordinal));
    }

    internal readonly record struct Field(string Tag, string Value, int LineNumber);

    public static Result<ParsedFile> Read(string content)
    {
        var fields = Tokenise(content);
        var messages = new List<List<Field>>();
        foreach (var field in fields)
        {
            if (field.Tag == "20" || messages.Count == 0)
            {
                messages.Add([]);
            }

            messages[^1].Add(field);
        }

        messages.RemoveAll(m => m.All(f => f.Tag == "NS"));
        if (messages.Count == 0)
        {
            return StatementRefusal.At("line 1", "the file holds no SWIFT statement (no :20: field)");
        }

        var statements = new List<ParsedStatement>();
        foreach (var message in messages)
        {
            var statement = SwiftStatement.Read(message);
            if (!statement.IsOk)
            {
                return statement.Error!;
            }

            statements.Add(statement.Value!);
        }

        var format = statements.All(s => s.Format == StatementFormat.Mt942) ? StatementFormat.Mt942 : StatementFormat.Mt940;
        return new ParsedFile(format, statements);
    }

    /// <summary>Splits the text into fields: a line starting with a known :tag: opens one; other lines continue it.</summary>
    internal static List<Field> Tokenise(string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var fields = new List<Field>();
        string? tag = null;
        var value = new List<string>();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Clean(lines[i]);
            if (line.StartsWith("{1:", StringComparison.Ordinal))
            {
                var body = line.IndexOf("{4:", StringComparison.Ordinal);
                line = body < 0 ? "" : line[(body + 3)..];
            }

            var match = TagLine().Match(line);
            if (match.Success && Tags.Contains(match.Groups[1].Value))
            {
                Flush();
                tag = match.Groups[1].Value;
                value.Add(line[match.Length..]);
                start = i + 1;
            }
            else if (line.Trim() is "-" or "}" || line.StartsWith("-}", StringComparison.Ordinal))
            {
                Flush();
                tag = null;
            }
            else if (tag is not null)
            {
                value.Add(line);
            }
        }

        Flush();
        return fields;

        void Flush()
        {
            if (tag is not null)
            {
                fields.Add(new Field(tag, string.Join('\n', value).TrimEnd('\n', ' '), start));
            }

            value.Clear();
        }
    }

    private static string Clean(string line) => string.Concat(line.Where(c => c == '\t' || !char.IsControl(c))).TrimEnd('\u001A');

    /// <summary>:60F:C140507EUR0, — the mark, the date, the currency and the amount.</summary>
    internal static Result<Money> Balance(Field field)
    {
        var match = BalanceField().Match(field.Value.Trim());
        if (!match.Success)
        {
            return StatementRefusal.At($"line {field.LineNumber}", $":{field.Tag}: '{field.Value.Trim()}' is not a balance (mark, YYMMDD, currency, amount)");
        }

        if (!Currency.TryParse(match.Groups["ccy"].Value, out var currency))
        {
            return StatementRefusal.At($"line {field.LineNumber}", $":{field.Tag}: '{match.Groups["ccy"].Value}' is not a currency");
        }

        var money = StatementAmount.Parse(match.Groups["amount"].Value, currency.Value, ',', out var problem);
        if (money is null)
        {
            return StatementRefusal.At($"line {field.LineNumber}", $":{field.Tag}: {problem}");
        }

        return match.Groups["mark"].Value == "D" ? -money.Value : money.Value;
    }

    /// <summary>YYMMDD; a day past the month's end (February 30) is the month's last day.</summary>
    internal static DateOnly? Date(string yymmdd)
    {
        if (yymmdd.Length != 6 || !yymmdd.All(char.IsAsciiDigit))
        {
            return null;
        }

        var year = 2000 + int.Parse(yymmdd[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(yymmdd[2..4], CultureInfo.InvariantCulture);
        var day = int.Parse(yymmdd[4..], CultureInfo.InvariantCulture);
        if (year > 2079)
        {
            year -= 100;
        }

        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return null;
        }

        return new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
    }

    [GeneratedRegex(@"^:([0-9]{2}[A-Z]?|NS):")]
    private static partial Regex TagLine();

    [GeneratedRegex(@"^(?<mark>[CD])(?<date>\d{6})(?<ccy>[A-Z]{3})(?<amount>[0-9,]{1,32})$")]
    private static partial Regex BalanceField();
}
