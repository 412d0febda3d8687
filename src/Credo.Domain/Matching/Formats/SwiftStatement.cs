using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Field = Credo.Domain.Matching.Formats.SwiftReader.Field;

namespace Credo.Domain.Matching.Formats;

/// <summary>One MT940/MT942 message (from :20: to the next) to one statement.</summary>
internal static partial class SwiftStatement
{
    public static Result<ParsedStatement> Read(List<Field> fields)
    {
        var first = fields[0];
        if (first.Tag != "20")
        {
            return StatementRefusal.At($"line {first.LineNumber}", $"the statement starts with :{first.Tag}: instead of :20: (its reference)");
        }

        var accounts = fields.Where(f => f.Tag is "25" or "25P").ToList();
        if (accounts.Count == 0)
        {
            return StatementRefusal.At($"line {first.LineNumber}", "the statement has no :25: field (the account)");
        }

        if (accounts.Count > 1)
        {
            return StatementRefusal.At($"line {accounts[1].LineNumber}", ":25: (the account) appears twice in one statement; the file is damaged");
        }

        var header = Header(fields, accounts[0]);
        if (!header.IsOk)
        {
            return header.Error!;
        }

        var (currency, opening, closing, isInterim) = header.Value;
        var lines = new List<ParsedLine>();
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Tag != "61")
            {
                continue;
            }

            var details = i + 1 < fields.Count && fields[i + 1].Tag == "86" ? fields[i + 1].Value : "";
            var line = SwiftLine.Read(fields[i], details, lines.Count + 1, currency);
            if (!line.IsOk)
            {
                return line.Error!;
            }

            lines.Add(line.Value!);
        }

        var account = AccountOf(accounts[0].Value, currency);
        var sequence = fields.FirstOrDefault(f => f.Tag is "28C" or "28").Value?.Trim();
        var dated = fields.LastOrDefault(f => f.Tag is "62F" or "62M" or "13D" or "13").Value;
        var date = dated is { Length: >= 6 } ? SwiftReader.Date(dated.TrimStart('C', 'D')[..6]) : null;
        return new ParsedStatement(
            isInterim ? StatementFormat.Mt942 : StatementFormat.Mt940, first.Value.Trim(), account, currency, sequence, date, opening, closing, lines);
    }

    private static Result<(Currency Currency, Money? Opening, Money? Closing, bool Interim)> Header(List<Field> fields, Field account)
    {
        Money? opening = null, closing = null;
        if (fields.FirstOrDefault(f => f.Tag is "60F" or "60M") is { Tag: not null } open)
        {
            var balance = SwiftReader.Balance(open);
            if (!balance.IsOk)
            {
                return balance.Error!;
            }

            opening = balance.Value;
        }

        if (fields.LastOrDefault(f => f.Tag is "62F" or "62M") is { Tag: not null } close)
        {
            var balance = SwiftReader.Balance(close);
            if (!balance.IsOk)
            {
                return balance.Error!;
            }

            closing = balance.Value;
        }

        var interim = opening is null && fields.Any(f => f.Tag is "34F" or "13D" or "13");
        var code = opening?.Currency.Code ?? closing?.Currency.Code
            ?? fields.Where(f => f.Tag == "34F").Select(f => f.Value.Trim()).FirstOrDefault(v => v.Length >= 3)?[..3]
            ?? TrailingCurrency(account.Value.Trim());
        if (!Currency.TryParse(code, out var currency))
        {
            return StatementRefusal.At($"line {account.LineNumber}", "the statement's currency is not said (no :60F: balance or :34F: floor limit)");
        }

        return (currency.Value, opening, closing, interim);
    }

    private static string? TrailingCurrency(string account) =>
        account.Length > 3 && account[^3..].All(char.IsAsciiLetterUpper) && Currency.TryParse(account[^3..], out _) ? account[^3..] : null;

    /// <summary>The account without spaces and without a trailing currency code ("51210600/9223382012EUR").</summary>
    private static string AccountOf(string value, Currency currency)
    {
        var account = CamtReader.Normalise(value.Split('\n')[0]);
        return account.Length > 3 && account.EndsWith(currency.Code, StringComparison.Ordinal) && char.IsAsciiDigit(account[^4]) ? account[..^3] : account;
    }
}
