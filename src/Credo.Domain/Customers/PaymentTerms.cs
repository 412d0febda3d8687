using System.Globalization;
using System.Text.RegularExpressions;
using Credo.Domain.Common;

namespace Credo.Domain.Customers;

public enum TermsKind
{
    /// <summary>Due N days after the invoice date.</summary>
    Net,

    /// <summary>Due N days after the end of the invoice month.</summary>
    EndOfMonth,

    /// <summary>Due on the invoice date.</summary>
    DueOnReceipt,
}

/// <summary>
/// Payment terms as data. The canonical code is what is stored and shown: <c>NET30</c>, <c>EOM+30</c>,
/// <c>DUE</c>, and cash-discount terms such as <c>2/10NET30</c> (2 % off when paid within 10 days, else net 30).
/// </summary>
public sealed partial record PaymentTerms(TermsKind Kind, int Days, decimal DiscountPercent = 0m, int DiscountDays = 0)
{
    public static PaymentTerms Net30 { get; } = new(TermsKind.Net, 30);

    public static PaymentTerms DueOnReceipt { get; } = new(TermsKind.DueOnReceipt, 0);

    public string Code => Kind switch
    {
        TermsKind.DueOnReceipt => "DUE",
        TermsKind.EndOfMonth => Discount() + $"EOM+{Days}",
        TermsKind.Net => Discount() + $"NET{Days}",
    };

    public string Description => Kind switch
    {
        TermsKind.DueOnReceipt => "Due on receipt",
        TermsKind.EndOfMonth => DiscountText() + $"net {Days} days after end of month",
        TermsKind.Net => DiscountText() + $"net {Days} days",
    };

    public DateOnly DueOn(DateOnly issuedOn) => Kind switch
    {
        TermsKind.DueOnReceipt => issuedOn,
        TermsKind.Net => issuedOn.AddDays(Days),
        TermsKind.EndOfMonth => new DateOnly(issuedOn.Year, issuedOn.Month, 1).AddMonths(1).AddDays(-1).AddDays(Days),
    };

    /// <summary>The last day on which the cash discount applies, or null for terms without one.</summary>
    public DateOnly? DiscountUntil(DateOnly issuedOn) => DiscountPercent > 0 ? issuedOn.AddDays(DiscountDays) : null;

    /// <summary>
    /// Parses a terms code. Accepts the canonical codes and common ERP spellings:
    /// "NET 30", "N30", "30", "EOM 30", "DUE", "COD", "2/10 NET 30", "2% 10 NET 30".
    /// </summary>
    public static Result<PaymentTerms> Parse(string? code, string field = "terms")
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new ValidationFailed(field, "Payment terms are required.");
        }

        var text = Spaces().Replace(code.Trim().ToUpperInvariant(), string.Empty);
        if (text is "DUE" or "COD" or "CIA" or "DUEONRECEIPT" or "NET0" or "0")
        {
            return DueOnReceipt;
        }

        var match = TermsPattern().Match(text);
        if (!match.Success)
        {
            return new ValidationFailed(field, $"'{code}' is not a payment terms code (examples: NET30, EOM+30, DUE, 2/10NET30).");
        }

        var days = int.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture);
        if (days > 365)
        {
            return new ValidationFailed(field, $"'{code}': at most 365 days.");
        }

        var kind = match.Groups["eom"].Success ? TermsKind.EndOfMonth : TermsKind.Net;
        if (!match.Groups["pct"].Success)
        {
            return new PaymentTerms(kind, days);
        }

        var percent = decimal.Parse(match.Groups["pct"].Value, CultureInfo.InvariantCulture);
        var discountDays = int.Parse(match.Groups["ddays"].Value, CultureInfo.InvariantCulture);
        if (percent is <= 0 or >= 100 || discountDays > days)
        {
            return new ValidationFailed(field, $"'{code}': the discount must be between 0 and 100 % and its days within the net days.");
        }

        return new PaymentTerms(kind, days, percent, discountDays);
    }

    private string Discount() => DiscountPercent > 0
        ? $"{DiscountPercent.ToString("0.##", CultureInfo.InvariantCulture)}/{DiscountDays}"
        : string.Empty;

    private string DiscountText() => DiscountPercent > 0
        ? $"{DiscountPercent.ToString("0.##", CultureInfo.InvariantCulture)} % discount within {DiscountDays} days, "
        : string.Empty;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // A discount ("2/10", "2%10", "2%/10") must be followed by NET, N or EOM, so that "2/1030" is not read as 2/10NET30.
    [GeneratedRegex(@"^(?:(?<pct>\d{1,2}(?:\.\d{1,2})?)(?:%/?|/)(?<ddays>\d{1,3})(?=EOM|NET|N))?(?:(?<eom>EOM\+?)|NET|N)?(?<days>\d{1,3})$")]
    private static partial Regex TermsPattern();
}
