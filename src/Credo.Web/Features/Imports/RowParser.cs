using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;

namespace Credo.Web.Features.Imports;

/// <summary>An invoice, credit note or payment row as read, before the customer is known.</summary>
internal sealed record LedgerRow(
    long Line,
    string Customer,
    string Document,
    DateOnly Date,
    decimal Amount,
    string? Currency,
    DateOnly? DueOn,
    string? Terms,
    string? PoNumber,
    string? ExternalRef,
    string? Invoice,
    string? Method,
    string? Reason,
    DateOnly? BaselineOn = null);

/// <summary>A customer master-data row as read.</summary>
internal sealed record CustomerRow(
    long Line, string Number, string LegalName, string? TradingName, string? TaxId, string? Email, string? Phone,
    string Currency, string Terms, string? City, string? Country)
{
    /// <summary>What decides "unchanged" against a stored customer.</summary>
    public bool SameAs(Customer c) =>
        c.LegalName == LegalName && c.TradingName == TradingName && c.TaxId == TaxId && c.Email == Email && c.Phone == Phone &&
        c.Currency == Currency && c.TermsCode == Terms && c.BillingAddress.City == City && c.BillingAddress.Country == Country;
}

/// <summary>The customer facts a ledger row needs.</summary>
internal sealed record CustomerFacts(long Id, string Number, string Currency, string TermsCode);

/// <summary>A ledger row ready to post: signed minor units, due date decided, content hash.</summary>
internal sealed record LedgerDraft(LedgerRow Row, long CustomerId, EntryKind Kind, string Currency, long AmountMinor, DateOnly? DueOn, string? TermsCode, string ContentHash);

/// <summary>
/// Pure row decisions: text to typed values with the mapping's date and number formats, then (with the customer
/// known) currency, precision, due date and sign. Every refusal names the line, the field and the reason.
/// </summary>
internal sealed partial class RowParser
{

    private readonly ColumnMapping _mapping;
    private readonly NumberFormatInfo _numbers;
    private readonly string[] _dateFormats;
    private readonly Dictionary<string, int> _slots;
    private readonly Dictionary<string, PaymentTerms> _terms = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _hashInput = new(512);

    public RowParser(ColumnMapping mapping)
    {
        _mapping = mapping;
        _numbers = mapping.NumberFormat();
        _dateFormats = [.. mapping.DateFormats];
        var fields = ColumnMapping.Fields[mapping.Kind];
        _slots = fields.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    }

    public ImportKind Kind => _mapping.Kind;

    public EntryKind EntryKind => _mapping.Kind switch
    {
        ImportKind.Invoices => EntryKind.Invoice,
        ImportKind.CreditNotes => EntryKind.CreditNote,
        ImportKind.Payments => EntryKind.Payment,
        ImportKind.Customers or ImportKind.ExchangeRates or ImportKind.BankLines => throw new InvalidOperationException($"{_mapping.Kind} are not ledger entries."),
    };

    public LedgerRow? ParseLedger(SourceRecord record, List<RowError> errors)
    {
        var before = errors.Count;
        var line = record.Line;
        var customer = Required(record, "customer", errors, 64);
        var document = Required(record, "document", errors, 64);
        var date = Date(record, "date", required: true, errors);
        var amount = Amount(record, errors);
        var currency = Text(record, "currency");
        if (currency is not null && !Currency.TryParse(currency, out _))
        {
            errors.Add(new RowError(line, "currency", $"'{currency}' is not an ISO 4217 currency code."));
        }

        var dueOn = Date(record, "dueOn", required: false, errors);
        var terms = Terms(record, errors);
        var methodText = Text(record, "method");
        var method = PaymentMethods.Parse(methodText)?.Slug();
        if (methodText is not null && method is null)
        {
            errors.Add(new RowError(line, "method", $"'{methodText.ToLowerInvariant()}' is not a payment method ({string.Join(", ", PaymentMethods.Slugs)})."));
        }

        var po = Limited(record, "poNumber", 64, errors);
        var external = Limited(record, "externalRef", 128, errors);
        var invoice = Limited(record, "invoice", 64, errors);
        var reason = Limited(record, "reason", 500, errors);
        // Issue 12 §5: SAP's due dates run from a baseline date that may precede the document date. With the baseline
        // mapped, the due date is checked against it (and terms run from it); without, a due date before the document
        // date is refused, and the reason says how to map the baseline.
        var baseline = Date(record, "baselineDate", required: false, errors);
        if (dueOn is { } due && (baseline ?? date) is { } from && due < from)
        {
            errors.Add(new RowError(line, "dueOn", baseline is null
                ? $"The due date {due:yyyy-MM-dd} is before the date {from:yyyy-MM-dd}. If your ERP runs terms from a baseline date (SAP's ZFBDT), map that column to baselineDate."
                : $"The due date {due:yyyy-MM-dd} is before the baseline date {from:yyyy-MM-dd}."));
        }

        return errors.Count > before
            ? null
            : new LedgerRow(line, customer!, document!, date!.Value, amount!.Value, currency?.ToUpperInvariant(), dueOn, terms, po, external, invoice, method, reason, baseline);
    }

    public CustomerRow? ParseCustomer(SourceRecord record, List<RowError> errors)
    {
        var before = errors.Count;
        var line = record.Line;
        var number = Required(record, "number", errors, 64);
        if (number is not null && !CustomerNumber().IsMatch(number))
        {
            errors.Add(new RowError(line, "number", $"'{number}' is not a customer number (1 to 64 letters, digits, '-', '_' or '.')."));
        }

        var legalName = Required(record, "legalName", errors, 200);
        var currency = Text(record, "currency") ?? _mapping.DefaultCurrency;
        if (!Currency.TryParse(currency, out var parsedCurrency))
        {
            errors.Add(new RowError(line, "currency", currency is null ? "A currency is required (a column or mapping.defaultCurrency)." : $"'{currency}' is not an ISO 4217 currency code."));
        }

        var terms = Terms(record, errors) ?? _mapping.DefaultTerms;
        if (terms is null)
        {
            errors.Add(new RowError(line, "terms", "Payment terms are required (a column or mapping.defaultTerms)."));
        }

        var country = Text(record, "country")?.ToUpperInvariant();
        if (country is not null && !Country().IsMatch(country))
        {
            errors.Add(new RowError(line, "country", $"'{country}' is not a two-letter ISO 3166 country code."));
        }

        var email = Limited(record, "email", 256, errors);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(new RowError(line, "email", $"'{email}' is not an email address."));
        }

        return errors.Count > before
            ? null
            : new CustomerRow(
                line, number!, legalName!, Limited(record, "tradingName", 200, errors), Limited(record, "taxId", 64, errors), email,
                Limited(record, "phone", 64, errors), parsedCurrency!.Value.Code, PaymentTerms.Parse(terms).Value!.Code, Limited(record, "city", 100, errors), country);
    }

    /// <summary>With the customer known: currency (row, mapping default, customer's), precision, sign, due date.</summary>
    public LedgerDraft? Resolve(LedgerRow row, CustomerFacts customer, List<RowError> errors)
    {
        var code = row.Currency ?? _mapping.DefaultCurrency ?? customer.Currency;
        var currency = Currency.Of(code);
        var money = Money.FromMajor(row.Amount, currency, "amount");
        if (!money.IsOk)
        {
            errors.Add(new RowError(row.Line, "amount", money.Error!.Message));
            return null;
        }

        var kind = EntryKind;
        DateOnly? dueOn = null;
        string? termsCode = null;
        if (kind == EntryKind.Invoice)
        {
            var terms = Terms(row.Terms ?? _mapping.DefaultTerms ?? customer.TermsCode);
            termsCode = terms.Code;
            dueOn = row.DueOn ?? terms.DueOn(row.BaselineOn ?? row.Date);
        }

        var signed = kind == EntryKind.Invoice ? money.Value.Minor : -money.Value.Minor;
        return new LedgerDraft(row, customer.Id, kind, currency.Code, signed, dueOn, termsCode, Hash(_hashInput, row, kind, currency.Code, signed, dueOn, termsCode));
    }

    /// <summary>Parsed terms by code, cached: a file has few distinct codes and millions of rows.</summary>
    private PaymentTerms Terms(string code)
    {
        if (!_terms.TryGetValue(code, out var terms))
        {
            terms = PaymentTerms.Parse(code).Value ?? PaymentTerms.Net30;
            _terms[code] = terms;
        }

        return terms;
    }

    /// <summary>Hex SHA-256 of the posted content: a replay with the same content is "unchanged".</summary>
    internal static string Hash(ArrayBufferWriter<byte> buffer, LedgerRow r, EntryKind kind, string currency, long amountMinor, DateOnly? dueOn, string? termsCode)
    {
        buffer.ResetWrittenCount();
        Add(buffer, kind.Slug());
        Add(buffer, r.Customer);
        Add(buffer, r.Document);
        AddFormatted(buffer, r.Date);
        Add(buffer, currency);
        AddFormatted(buffer, amountMinor);
        if (dueOn is { } due)
        {
            AddFormatted(buffer, due);
        }
        else
        {
            Add(buffer, null);
        }

        Add(buffer, termsCode);
        Add(buffer, r.PoNumber);
        Add(buffer, r.ExternalRef);
        Add(buffer, r.Invoice);
        Add(buffer, r.Method);
        Add(buffer, r.Reason);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Add(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is not null)
        {
            Encoding.UTF8.GetBytes(value, buffer);
        }

        buffer.Write("\u001f"u8);
    }

    private static void AddFormatted<T>(ArrayBufferWriter<byte> buffer, T value)
        where T : IUtf8SpanFormattable
    {
        var span = buffer.GetSpan(32);
        var written = value.TryFormat(span, out var n, typeof(T) == typeof(DateOnly) ? "yyyy-MM-dd" : default, CultureInfo.InvariantCulture) ? n : 0;
        buffer.Advance(written);
        buffer.Write("\u001f"u8);
    }

    private string? Text(SourceRecord record, string field)
    {
        if (!_slots.TryGetValue(field, out var slot) || slot >= record.Values.Length)
        {
            return null;
        }

        var value = record.Values[slot];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string? Required(SourceRecord record, string field, List<RowError> errors, int maxLength)
    {
        var value = Text(record, field);
        if (value is null)
        {
            errors.Add(new RowError(record.Line, field, $"'{field}' is required and empty."));
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new RowError(record.Line, field, $"'{field}' is longer than {maxLength} characters."));
            return null;
        }

        return value;
    }

    private string? Limited(SourceRecord record, string field, int maxLength, List<RowError> errors)
    {
        var value = Text(record, field);
        if (value is { Length: var n } && n > maxLength)
        {
            errors.Add(new RowError(record.Line, field, $"'{field}' is longer than {maxLength} characters."));
            return null;
        }

        return value;
    }

    private DateOnly? Date(SourceRecord record, string field, bool required, List<RowError> errors)
    {
        var text = Text(record, field);
        if (text is null)
        {
            if (required)
            {
                errors.Add(new RowError(record.Line, field, $"'{field}' is required and empty."));
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (!Credo.Domain.Common.SaneDates.Contains(date))
            {
                errors.Add(new RowError(record.Line, field, Credo.Domain.Common.SaneDates.Explain(date)));
                return null;
            }

            return date;
        }

        errors.Add(new RowError(record.Line, field, $"'{text}' is not a date in the format {string.Join(" or ", _dateFormats)}."));
        return null;
    }

    private decimal? Amount(SourceRecord record, List<RowError> errors)
    {
        var text = Text(record, "amount");
        if (text is null)
        {
            errors.Add(new RowError(record.Line, "amount", "'amount' is required and empty."));
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, _numbers, out var amount))
        {
            var hint = _mapping.ThousandsSeparator is null ? string.Empty : $", thousands '{_mapping.ThousandsSeparator}'";
            errors.Add(new RowError(record.Line, "amount", $"'{text}' is not an amount (decimal separator '{_mapping.DecimalSeparator}'{hint})."));
            return null;
        }

        if (!DecimalText.IsExact(text, amount, _numbers.NumberDecimalSeparator))
        {
            errors.Add(new RowError(record.Line, "amount", $"'{text}' has more decimals than any currency allows."));
            return null;
        }

        if (amount <= 0)
        {
            errors.Add(new RowError(record.Line, "amount", $"The amount must be greater than zero, not {text}."));
            return null;
        }

        return amount;
    }

    private string? Terms(SourceRecord record, List<RowError> errors)
    {
        var text = Text(record, "terms");
        if (text is null)
        {
            return null;
        }

        var code = _mapping.TermsMap.TryGetValue(text, out var mapped) ? mapped : text;
        var terms = PaymentTerms.Parse(code, "terms");
        if (!terms.IsOk)
        {
            errors.Add(new RowError(record.Line, "terms", $"'{text}' is not a payment terms code and not in mapping.termsMap."));
            return null;
        }

        return terms.Value!.Code;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]
    private static partial Regex CustomerNumber();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Country();
}
