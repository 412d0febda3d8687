using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;

namespace Credo.Web.Features.Imports;

/// <summary>A Credo field an import can fill, and whether a row must have it.</summary>
internal sealed record ImportField(string Name, bool Required, string Description);

/// <summary>
/// How one CSV export maps onto Credo: which source column fills which field, and how dates and numbers are
/// written. The same JSON is a mapping file or a saved mapping (import_mappings). See docs/import-mapping.md.
/// </summary>
internal sealed record ColumnMapping
{
    public const string NativeName = "credo";

    public ImportKind Kind { get; init; }

    /// <summary>
    /// Source column header → Credo field, or several fields separated by commas when one column feeds more than one
    /// (an id that is also the name: <c>"KUNNR": "number, legalName"</c>; issue 12 §5).
    /// </summary>
    public Dictionary<string, string> Columns { get; init; } = [];

    /// <summary>
    /// Credo field → (source value → value Credo reads), for any mapped field, applied to the trimmed cell before it is
    /// read: numeric country codes to ISO (<c>"country": {"276": "DE"}</c>), ERP currency keys, method names. A value
    /// not in the map is read as it is. Terms may use this or <see cref="TermsMap"/> (applied after it).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> ValueMaps { get; init; } = [];

    /// <summary>The Credo fields a <see cref="Columns"/> entry fills: "number, legalName" → number and legalName.</summary>
    public static IReadOnlyList<string> FieldsOf(string mapped) =>
        [.. mapped.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The source column that fills <paramref name="field"/>, or null.</summary>
    public string? ColumnOf(string field) => Columns.FirstOrDefault(c => FieldsOf(c.Value).Contains(field, StringComparer.Ordinal)).Key;

    public List<string> DateFormats { get; init; } = ["yyyy-MM-dd"];

    public string DecimalSeparator { get; init; } = ".";

    public string? ThousandsSeparator { get; init; }

    /// <summary>",", ";", "\t" or "|"; detected from the header line when not given.</summary>
    public string? Delimiter { get; init; }

    public string? DefaultCurrency { get; init; }

    public string? DefaultTerms { get; init; }

    /// <summary>ERP terms code → Credo terms code, e.g. "Z030" → "NET30".</summary>
    public Dictionary<string, string> TermsMap { get; init; } = [];

    /// <summary>Credo field → a value used for every row (when the file has no such column).</summary>
    public Dictionary<string, string> Constants { get; init; } = [];

    /// <summary>Payments and credit notes without an invoice reference settle the oldest open invoices.</summary>
    public bool AutoAllocate { get; init; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(new KebabEnumNaming()) },
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyDictionary<ImportKind, IReadOnlyList<ImportField>> Fields { get; } = new Dictionary<ImportKind, IReadOnlyList<ImportField>>
    {
        [ImportKind.Customers] =
        [
            new("number", true, "The customer's account number."),
            new("legalName", true, "Registered name."),
            new("tradingName", false, "Trading name."),
            new("taxId", false, "VAT / tax number."),
            new("email", false, "Accounts email."),
            new("phone", false, "Phone."),
            new("currency", false, "ISO 4217 code (else defaultCurrency)."),
            new("terms", false, "Payment terms code (through termsMap; else defaultTerms)."),
            new("city", false, "Billing city."),
            new("country", false, "Billing country (ISO 3166 alpha-2)."),
        ],
        [ImportKind.Invoices] =
        [
            new("customer", true, "Customer number."),
            new("document", true, "Invoice number (unique)."),
            new("date", true, "Issue date."),
            new("amount", true, "Gross amount, positive, major units."),
            new("currency", false, "ISO 4217 code (else defaultCurrency, else the customer's)."),
            new("dueOn", false, "Due date (else from terms)."),
            new("baselineDate", false, "The date the terms run from when it is not the issue date (SAP's baseline date); the due date may then precede the issue date."),
            new("terms", false, "Terms code (else defaultTerms, else the customer's)."),
            new("poNumber", false, "Buyer's order number."),
            new("externalRef", false, "ERP id."),
        ],
        [ImportKind.CreditNotes] =
        [
            new("customer", true, "Customer number."),
            new("document", true, "Credit note number (unique)."),
            new("date", true, "Issue date."),
            new("amount", true, "Amount, positive, major units."),
            new("currency", false, "ISO 4217 code (else defaultCurrency, else the customer's)."),
            new("invoice", false, "Invoice number it settles."),
            new("reason", false, "Why it was issued."),
            new("externalRef", false, "ERP id."),
        ],
        [ImportKind.Payments] =
        [
            new("customer", true, "Customer number."),
            new("document", true, "Payment reference (unique)."),
            new("date", true, "Receipt date."),
            new("amount", true, "Amount received, positive, major units."),
            new("currency", false, "ISO 4217 code (else defaultCurrency, else the customer's)."),
            new("invoice", false, "Invoice number it pays (else on account, or oldest first with autoAllocate)."),
            new("method", false, string.Join(", ", PaymentMethods.Slugs) + "."),
            new("externalRef", false, "Bank transaction id."),
        ],
        [ImportKind.ExchangeRates] =
        [
            new("from", true, "ISO 4217 code of the currency one unit of which is priced."),
            new("to", true, "ISO 4217 code the rate is expressed in."),
            new("effectiveOn", true, "The date the rate takes effect."),
            new("rate", true, "Units of 'to' for one unit of 'from', positive, at most 12 decimals."),
            new("reason", false, "Why the rate is recorded or corrected."),
        ],

        // cash application (issue 15 §1): the columns of a bank's CSV statement (Features/CashApplication/CsvStatements).
        [ImportKind.BankLines] =
        [
            new("bookedOn", true, "Booking date."),
            new("amount", true, "Amount: money in positive, money out negative (or unsigned, with creditDebit)."),
            new("creditDebit", false, "C for money in, D for money out (map the bank's words with valueMaps)."),
            new("currency", false, "ISO 4217 code (else defaultCurrency)."),
            new("valueOn", false, "Value date."),
            new("payerName", false, "The other party's name."),
            new("payerAccount", false, "The other party's IBAN or account number."),
            new("remittance", false, "Payment details: the remittance text."),
            new("reference", false, "The bank's reference for the entry (an entry already imported is not added again)."),
            new("endToEndId", false, "End-to-end id."),
            new("creditorReference", false, "Structured creditor reference (RF...)."),
            new("balance", false, "Balance after the line: the statement's opening and closing balances are checked with it."),
            new("account", false, "The seller's account the line is on (else the account given when importing)."),
        ],
    };

    /// <summary>The mapping of Credo's own CSV layout: each header is the field name.</summary>
    public static ColumnMapping Native(ImportKind kind) => new()
    {
        Kind = kind,
        Columns = Fields[kind].ToDictionary(f => f.Name, f => f.Name, StringComparer.Ordinal),
    };

    public static string KindSlug(ImportKind kind) => kind switch
    {
        ImportKind.Customers => "customers",
        ImportKind.Invoices => "invoices",
        ImportKind.CreditNotes => "credit-notes",
        ImportKind.Payments => "payments",
        ImportKind.ExchangeRates => "exchange-rates",
        ImportKind.BankLines => "bank-lines",
    };

    /// <summary>The kinds the import slice itself imports (bank lines are read by cash application: issue 15 §1).</summary>
    public static IReadOnlyList<ImportKind> Importable { get; } = [.. Enum.GetValues<ImportKind>().Where(k => k != ImportKind.BankLines)];

    public static ImportKind? KindFrom(string? slug) =>
        Importable.Select(k => (ImportKind?)k).FirstOrDefault(k => string.Equals(KindSlug(k!.Value), slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads and checks a mapping document; every problem names its JSON field.</summary>
    public static Result<ColumnMapping> Parse(string json, ImportKind? expectedKind = null)
    {
        ColumnMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ColumnMapping>(json, Json);
        }
        catch (JsonException e)
        {
            return new ValidationFailed("mapping" + (string.IsNullOrEmpty(e.Path) ? string.Empty : e.Path.TrimStart('$')), "The mapping is not valid JSON for a column mapping: " + e.Message);
        }

        if (mapping is null)
        {
            return new ValidationFailed("mapping", "The mapping is empty.");
        }

        return mapping.Validate(expectedKind);
    }

    public Result<ColumnMapping> Validate(ImportKind? expectedKind = null)
    {
        if (expectedKind is { } expected && expected != Kind)
        {
            return new ValidationFailed("mapping.kind", $"The mapping is for {KindSlug(Kind)}, not {KindSlug(expected)}.");
        }

        var known = Fields[Kind].Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (ColumnsProblem(known) is { } columns)
        {
            return columns;
        }

        foreach (var field in Constants.Keys.Where(k => !known.Contains(k)))
        {
            return new ValidationFailed($"mapping.constants.{field}", $"'{field}' is not a {KindSlug(Kind)} field.");
        }

        if (DateFormats.Count == 0 || DateFormats.Any(string.IsNullOrWhiteSpace))
        {
            return new ValidationFailed("mapping.dateFormats", "Give at least one date format, e.g. \"dd.MM.yyyy\".");
        }

        if (DecimalSeparator is not ("." or ","))
        {
            return new ValidationFailed("mapping.decimalSeparator", "The decimal separator is \".\" or \",\".");
        }

        if (ThousandsSeparator is { } t && (t == DecimalSeparator || t.Length != 1 || t is not ("." or "," or " " or "'" or "\u00a0" or "\u202f")))
        {
            return new ValidationFailed("mapping.thousandsSeparator", "The thousands separator is one of . , ' or a space, and differs from the decimal separator.");
        }

        if (Delimiter is not (null or "," or ";" or "\t" or "|"))
        {
            return new ValidationFailed("mapping.delimiter", "The delimiter is \",\", \";\", \"\\t\" or \"|\" (or leave it out to detect it).");
        }

        if (DefaultCurrency is not null && !Currency.TryParse(DefaultCurrency, out _))
        {
            return new ValidationFailed("mapping.defaultCurrency", $"'{DefaultCurrency}' is not an ISO 4217 currency code.");
        }

        if (DefaultTerms is not null && PaymentTerms.Parse(DefaultTerms).Error is not null)
        {
            return new ValidationFailed("mapping.defaultTerms", $"'{DefaultTerms}' is not a payment terms code.");
        }

        foreach (var (erp, credo) in TermsMap)
        {
            if (PaymentTerms.Parse(credo).Error is not null)
            {
                return new ValidationFailed($"mapping.termsMap.{erp}", $"'{credo}' is not a payment terms code.");
            }
        }

        return this;
    }

    /// <summary>The first problem of <see cref="Columns"/> and <see cref="ValueMaps"/>: an unknown field, a column feeding none, a field fed twice.</summary>
    private ValidationFailed? ColumnsProblem(HashSet<string> known)
    {
        var pairs = Columns.SelectMany(c => FieldsOf(c.Value).Select(f => (Column: c.Key, Field: f))).ToList();
        foreach (var (column, field) in pairs)
        {
            if (!known.Contains(field))
            {
                return new ValidationFailed($"mapping.columns.{column}", $"'{field}' is not a {KindSlug(Kind)} field (fields: {string.Join(", ", known)}).");
            }
        }

        foreach (var column in Columns.Where(c => FieldsOf(c.Value).Count == 0).Select(c => c.Key))
        {
            return new ValidationFailed($"mapping.columns.{column}", $"Column '{column}' is mapped to no field; name one, or several separated by commas.");
        }

        foreach (var dup in pairs.GroupBy(c => c.Field).Where(g => g.Count() > 1))
        {
            return new ValidationFailed("mapping.columns", $"Field '{dup.Key}' is mapped from more than one column ({string.Join(", ", dup.Select(d => d.Column))}).");
        }

        foreach (var field in ValueMaps.Keys.Where(k => !known.Contains(k)))
        {
            return new ValidationFailed($"mapping.valueMaps.{field}", $"'{field}' is not a {KindSlug(Kind)} field.");
        }

        return null;
    }

    /// <summary>Number format for the mapping's separators.</summary>
    public NumberFormatInfo NumberFormat() => new()
    {
        NumberDecimalSeparator = DecimalSeparator,
        NumberGroupSeparator = ThousandsSeparator ?? (DecimalSeparator == "," ? "\u0001" : "\u0002"),
        NegativeSign = "-",
        PositiveSign = "+",
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private sealed class KebabEnumNaming : JsonNamingPolicy
    {
        public override string ConvertName(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);
    }
}
