using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Field = Credo.Domain.Matching.Formats.SwiftReader.Field;

namespace Credo.Domain.Matching.Formats;

/// <summary>A :61: statement line and the :86: that follows it.</summary>
internal static partial class SwiftLine
{
    public static Result<ParsedLine> Read(Field field, string details, int number, Currency currency)
    {
        var match = StatementLine().Match(field.Value);
        var where = $"line {field.LineNumber}";
        if (!match.Success)
        {
            return StatementRefusal.At(where, $":61: '{field.Value.Split('\n')[0]}' is not a statement line (date, entry date, mark, amount, type, references)");
        }

        if (SwiftReader.Date(match.Groups["value"].Value) is not { } valueOn)
        {
            return StatementRefusal.At(where, $":61: '{match.Groups["value"].Value}' is not a date (YYMMDD)");
        }

        var money = StatementAmount.Parse(match.Groups["amount"].Value, currency, ',', out var problem);
        if (money is null)
        {
            return StatementRefusal.At(where, $":61: {problem}");
        }

        var amount = match.Groups["mark"].Value switch
        {
            "C" or "RD" => money.Value,
            _ => -money.Value,
        };
        var bookedOn = EntryDate(valueOn, match.Groups["entry"].Value.Trim());
        var customerReference = Meaningful(match.Groups["customer"].Value.Trim());
        var bankReference = Meaningful(match.Groups["bank"].Value.Trim());
        var remittance = SwiftDetails.Read(details);
        return new ParsedLine(
            number, bookedOn, valueOn, amount, true, bankReference, remittance.EndToEndId ?? customerReference, remittance.Name, remittance.Account,
            remittance.Text, [], match.Groups["type"].Value.Trim() is { Length: > 0 } type ? type : null);
    }

    private static string? Meaningful(string reference) => reference is "" or "NONREF" or "NOTPROVIDED" ? null : reference;

    /// <summary>MMDD next to the value date; across a year end the entry date may fall in the next or previous year.</summary>
    private static DateOnly EntryDate(DateOnly valueOn, string mmdd)
    {
        if (mmdd.Length != 4 || !mmdd.All(char.IsAsciiDigit))
        {
            return valueOn;
        }

        var month = int.Parse(mmdd[..2], System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(mmdd[2..], System.Globalization.CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1)
        {
            return valueOn;
        }

        var year = valueOn.Year + (month == 1 && valueOn.Month == 12 ? 1 : month == 12 && valueOn.Month == 1 ? -1 : 0);
        return new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
    }

    // Value date, [entry date MMDD or four spaces], mark (C, D, RC, RD), [funds code], amount, [type], [customer
    // reference up to //], [//bank reference], [supplementary details, on the same or the next line].
    [GeneratedRegex(@"^(?<value>\d{6})(?<entry>\d{4}|\s{4})?(?<mark>R?[CD])(?<funds>[A-Z])?\n?\s?(?<amount>\d[\d,]{0,16})(?<type>[A-Z][A-Z0-9 ]{3})?(?<customer>(?:(?!//)[^\n]){0,16})(?://(?<bank>[^\n]{0,23}))?(?:\n?(?<extra>[\s\S]*))?$")]
    private static partial Regex StatementLine();
}
