using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Matching.Formats;
using Credo.Web.Data;
using Credo.Web.Features.Imports;

namespace Credo.Web.Features.CashApplication;

/// <summary>A CSV statement refused whole: every problem by line, field and reason (nothing is written).</summary>
internal sealed record CsvStatementRefused(IReadOnlyList<RowError> Errors)
    : DomainError("validation", $"The CSV statement has {Errors.Count} problem(s); nothing was imported. First: line {Errors[0].Line}, {Errors[0].Field}: {Errors[0].Reason}", "file");

/// <summary>
/// Reads a bank's CSV export through a column mapping (the import slice's <see cref="ColumnMapping"/> of kind
/// bank-lines, saved once per bank) into the same <see cref="ParsedFile"/> the camt, MT940 and BAI2 parsers give.
/// The statement id is the file's SHA-256 (the same file twice adds nothing; overlapping exports are deduplicated by
/// the bank's entry reference). A running balance column gives the opening and closing balances to check.
/// </summary>
internal static class CsvStatements
{
    /// <summary>A CSV export names no statement: its id is this prefix and a hash of its content.</summary>
    public const string IdPrefix = "csv-";

    public static Result<ParsedFile> Read(string content, ColumnMapping mapping, string? account)
    {
        if (mapping.Kind != ImportKind.BankLines)
        {
            return new ValidationFailed("mapping", $"The mapping is for {ColumnMapping.KindSlug(mapping.Kind)}, not for bank statements (bank-lines).");
        }

        using var source = CsvSource.Open(new MemoryStream(Encoding.UTF8.GetBytes(content)), mapping);
        var errors = new List<RowError>(source.HeaderErrors);
        var rows = new List<CsvRow>();
        var reader = new CsvRowReader(mapping, account is null ? null : ImportBankStatement.Normalise(account));
        foreach (var record in source.Records())
        {
            if (record.Problem is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            if (reader.Row(record, errors) is { } row)
            {
                rows.Add(row);
            }
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new RowError(1, "file", "The file has a header but no lines."));
        }

        if (errors.Count > 0)
        {
            return new CsvStatementRefused([.. errors.OrderBy(e => e.Line).Take(200)]);
        }

        var id = IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        return new ParsedFile(StatementFormat.Csv, [.. rows.GroupBy(r => (r.Account, r.Amount.Currency)).Select(g => Statement(id, g.Key.Account, g.Key.Currency, [.. g]))]);
    }

    private static ParsedStatement Statement(string id, string account, Currency currency, IReadOnlyList<CsvRow> rows)
    {
        var lines = rows.Select((r, i) => new ParsedLine(
            i + 1, r.BookedOn, r.ValueOn, r.Amount, true, r.Reference, r.EndToEndId, r.PayerName, r.PayerAccount, r.Remittance,
            r.CreditorReference is null ? [] : [r.CreditorReference], null)).ToList();
        var first = rows[0];
        var last = rows[^1];
        Money? opening = first.Balance is { } b ? b - first.Amount : null;
        return new ParsedStatement(
            StatementFormat.Csv, id, account, currency, null, rows.Max(r => r.BookedOn), opening, last.Balance, lines);
    }
}

/// <summary>One CSV line as read.</summary>
internal sealed record CsvRow(
    string Account, DateOnly BookedOn, DateOnly? ValueOn, Money Amount, Money? Balance, string? Reference, string? EndToEndId,
    string? PayerName, string? PayerAccount, string Remittance, string? CreditorReference);

/// <summary>Reads one CSV record's fields with the mapping's date formats and separators; each problem names line, field and reason.</summary>
internal sealed class CsvRowReader(ColumnMapping mapping, string? account)
{
    private readonly IReadOnlyList<ImportField> _fields = ColumnMapping.Fields[ImportKind.BankLines];
    private readonly string[] _dateFormats = [.. mapping.DateFormats];

    public CsvRow? Row(SourceRecord record, List<RowError> errors)
    {
        var before = errors.Count;
        var currency = CurrencyOf(record, errors);
        var bookedOn = Date(record, "bookedOn", errors);
        var valueOn = Text(record, "valueOn") is null ? null : Date(record, "valueOn", errors);
        var amount = currency is { } c ? Amount(record, "amount", c, errors) : null;
        var balance = currency is { } bc && Text(record, "balance") is not null ? Amount(record, "balance", bc, errors) : null;
        var lineAccount = Text(record, "account") is { } a ? ImportBankStatement.Normalise(a) : account;
        if (lineAccount is null)
        {
            errors.Add(new RowError(record.Line, "account", "No account: map the account column, or give the account to import into."));
        }

        var sign = Sign(record, errors);
        if (errors.Count > before || amount is null || bookedOn is null || lineAccount is null)
        {
            return null;
        }

        var signed = sign is { } s ? new Money(s * Math.Abs(amount.Value.Minor), amount.Value.Currency) : amount.Value;
        return new CsvRow(
            lineAccount, bookedOn.Value, valueOn, signed, balance, Cut(Text(record, "reference"), 64), Cut(Text(record, "endToEndId"), 64),
            Cut(Text(record, "payerName"), 200), Cut(Text(record, "payerAccount"), 64), Cut(Text(record, "remittance"), 2000) ?? "", Cut(Text(record, "creditorReference"), 64));
    }

    private Currency? CurrencyOf(SourceRecord record, List<RowError> errors)
    {
        var code = Text(record, "currency") ?? mapping.DefaultCurrency;
        if (code is null)
        {
            errors.Add(new RowError(record.Line, "currency", "No currency: map the currency column or set defaultCurrency."));
            return null;
        }

        if (!Currency.TryParse(code, out var currency))
        {
            errors.Add(new RowError(record.Line, "currency", $"'{code}' is not an ISO 4217 currency code."));
            return null;
        }

        return currency;
    }

    private int? Sign(SourceRecord record, List<RowError> errors)
    {
        var mark = Text(record, "creditDebit");
        switch (mark?.ToUpperInvariant())
        {
            case null:
                return null;
            case "C" or "CR" or "CRDT" or "CREDIT":
                return 1;
            case "D" or "DR" or "DBIT" or "DEBIT":
                return -1;
            default:
                errors.Add(new RowError(record.Line, "creditDebit", $"'{mark}' is neither C (money in) nor D (money out); map the bank's words with valueMaps."));
                return null;
        }
    }

    private DateOnly? Date(SourceRecord record, string field, List<RowError> errors)
    {
        var text = Text(record, field);
        if (text is null)
        {
            errors.Add(new RowError(record.Line, field, $"'{field}' is required and empty."));
            return null;
        }

        if (DateOnly.TryParseExact(text, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && SaneDates.Contains(date))
        {
            return date;
        }

        errors.Add(new RowError(record.Line, field, $"'{text}' is not a date in the format {string.Join(" or ", _dateFormats)}."));
        return null;
    }

    private Money? Amount(SourceRecord record, string field, Currency currency, List<RowError> errors)
    {
        var text = Text(record, field);
        if (text is null)
        {
            errors.Add(new RowError(record.Line, field, $"'{field}' is required and empty."));
            return null;
        }

        var plain = mapping.ThousandsSeparator is { } t ? text.Replace(t, "", StringComparison.Ordinal) : text;
        var money = StatementAmount.Parse(plain.Replace(" ", "", StringComparison.Ordinal), currency, mapping.DecimalSeparator[0], out var problem);
        if (money is null)
        {
            errors.Add(new RowError(record.Line, field, problem!));
        }

        return money;
    }

    private string? Text(SourceRecord record, string field)
    {
        var slot = -1;
        for (var i = 0; i < _fields.Count; i++)
        {
            if (_fields[i].Name == field)
            {
                slot = i;
                break;
            }
        }

        return record.Values[slot] is { } v && v.Trim() is { Length: > 0 } t ? t : null;
    }

    private static string? Cut(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];
}
