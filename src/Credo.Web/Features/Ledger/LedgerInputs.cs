using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Checks of request fields shared by the ledger use cases; each refusal names its field.</summary>
internal static partial class LedgerInputs
{
    public static DomainError? DocumentNumber(string? value, string field, string what) =>
        string.IsNullOrWhiteSpace(value) ? new ValidationFailed(field, $"A {what} is required.")
        : !NumberPattern().IsMatch(value.Trim()) ? new ValidationFailed(field, $"A {what} is 1 to 64 letters, digits, '-', '_' or '.'.")
        : null;

    public static DomainError? Reason(string? value, string field = "reason", bool required = true) =>
        required && string.IsNullOrWhiteSpace(value) ? new ValidationFailed(field, "A reason is required.")
        : value is { Length: > 500 } ? new ValidationFailed(field, "At most 500 characters.")
        : null;

    public static DomainError? Optional(string? value, string field, int max) =>
        value is { } v && v.Trim().Length > max ? new ValidationFailed(field, $"At most {max} characters.") : null;

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The customer named in a request body: unknown is a 400 naming the field.</summary>
    public static async Task<Result<Customer>> Customer(this CreditDb db, string? number, bool refuseClosed, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return new ValidationFailed("customerNumber", "A customer number is required.");
        }

        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == number.Trim(), ct);
        if (customer is null)
        {
            return new ValidationFailed("customerNumber", $"No customer '{number}'.");
        }

        if (refuseClosed && customer.Status == CustomerStatus.Closed)
        {
            return new Refusal("customer-closed", $"Customer '{number}' is closed.", "customerNumber");
        }

        return customer;
    }

    /// <summary>The currency of a posting: as given, else the customer's.</summary>
    /// <summary>
    /// What every new document needs, checked in the order a person reads the form: the customer (refusing a
    /// closed one when asked), the document number, the currency (the customer's by default) and a positive amount.
    /// </summary>
    public static async Task<Result<NewDocument>> NewDocument(
        this CreditDb db, string? customerNumber, bool refuseClosed, string? number, string numberField, string what, string? currencyCode, decimal? amount, CancellationToken ct)
    {
        var customer = await db.Customer(customerNumber, refuseClosed, ct);
        if (!customer.IsOk)
        {
            return customer.Error!;
        }

        if (DocumentNumber(number, numberField, what) is { } badNumber)
        {
            return badNumber;
        }

        var currency = CurrencyOr(currencyCode, customer.Value!.Currency);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        var money = MoneyJson.Positive(amount, currency.Value);
        return money.IsOk ? new NewDocument(customer.Value, money.Value) : money.Error!;
    }

    /// <summary>
    /// The invoice a URL names: 404 when there is none, and, where the action makes no sense on a cancelled
    /// invoice, refused as <c>invoice-reversed</c>.
    /// </summary>
    public static async Task<Result<LedgerEntry>> InvoiceByNumber(this CreditDb db, string number, bool refuseReversed, CancellationToken ct)
    {
        var invoice = await db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);
        if (invoice is null)
        {
            return new NotFound("Invoice", number);
        }

        return refuseReversed && invoice.State == ItemState.Reversed
            ? new Refusal("invoice-reversed", $"Invoice '{number}' has been reversed.")
            : invoice;
    }

    public static Result<Currency> CurrencyOr(string? code, string fallback, string field = "currency") =>
        string.IsNullOrWhiteSpace(code) ? Currency.Of(fallback) : MoneyJson.ParseCurrency(code, field);

    /// <summary>Whether a document of this kind and number exists (the unique index decides races).</summary>
    public static Task<bool> DocumentExists(this CreditDb db, EntryKind kind, string document, CancellationToken ct) =>
        db.Entries.AnyAsync(e => e.Kind == kind && e.Document == document, ct);

    public static Refusal Duplicate(EntryKind kind, string document, string field) =>
        new("duplicate-document", $"A {kind.Slug()} '{document}' already exists.", field);

    /// <summary>Reads lines; their total must equal the document amount.</summary>
    public static Result<List<InvoiceLine>> Lines(IReadOnlyList<InvoiceLineRequest>? lines, Money amount)
    {
        var result = new List<InvoiceLine>();
        if (lines is null || lines.Count == 0)
        {
            return result;
        }

        long total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var at = $"lines[{i}]";
            if (string.IsNullOrWhiteSpace(l.Description) || l.Description.Length > 500)
            {
                return new ValidationFailed(at + ".description", "A line needs a description of at most 500 characters.");
            }

            if (Optional(l.Sku, at + ".sku", 64) is { } badSku)
            {
                return badSku;
            }

            if (l.Quantity is not { } quantity || quantity <= 0 || quantity * 1000 != decimal.Truncate(quantity * 1000) || quantity > 1_000_000_000m)
            {
                return new ValidationFailed(at + ".quantity", "A quantity is greater than zero with at most 3 decimals.");
            }

            if (l.UnitPrice is not { } price || price < 0)
            {
                return new ValidationFailed(at + ".unitPrice", "A unit price of zero or more is required.");
            }

            var unit = Money.FromMajor(price, amount.Currency, at + ".unitPrice");
            if (!unit.IsOk)
            {
                return unit.Error!;
            }

            var lineAmount = Money.FromMajor(quantity * price, amount.Currency, at);
            if (!lineAmount.IsOk)
            {
                return new ValidationFailed(at, $"Quantity × unit price must come to whole {amount.Currency.Code} minor units.");
            }

            total = checked(total + lineAmount.Value.Minor);
            result.Add(new InvoiceLine
            {
                LineNo = i + 1,
                Description = l.Description.Trim(),
                Sku = Blank(l.Sku),
                QuantityMilli = (long)(quantity * 1000),
                UnitPriceMinor = unit.Value.Minor,
                AmountMinor = lineAmount.Value.Minor,
            });
        }

        if (total != amount.Minor)
        {
            return new ValidationFailed("lines", $"The lines total {new Money(total, amount.Currency).ToMajorString()}, not the amount {amount.ToMajorString()}.");
        }

        return result;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]
    private static partial Regex NumberPattern();
}

/// <summary>The checked basics of a new document.</summary>
internal readonly record struct NewDocument(Customer Customer, Money Amount);
