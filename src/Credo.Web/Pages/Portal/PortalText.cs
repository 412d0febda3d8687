using System.Globalization;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;

namespace Credo.Web.Pages.Portal;

/// <summary>What a buyer reads: money with its currency, one date format, states in words.</summary>
internal static class PortalText
{
    public static string Money(long minor, string currency) =>
        Currency.TryParse(currency, out var c) ? new Money(minor, c.Value).ToDisplayString() : $"{minor} {currency}";

    public static string Money(decimal major, string currency) => Shared.MoneyText.Show(major, currency);

    public static string Date(DateOnly date) => Shared.Words.Date(date); // one date format on every page (issue 12 §4, screens)

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    public static string State(ItemState state, bool disputed) => (disputed ? "Disputed · " : string.Empty) + state switch
    {
        ItemState.Open => "Open",
        ItemState.PartiallyPaid => "Part paid",
        ItemState.Paid => "Paid",
        ItemState.WrittenOff => "Closed",
        ItemState.Reversed => "Cancelled",
    };

    public static string Kind(string kind) => kind.ToLowerInvariant() switch
    {
        "invoice" => "Invoice",
        "creditnote" or "credit-note" => "Credit note",
        "payment" => "Payment",
        "adjustment" => "Adjustment",
        "writeoff" or "write-off" => "Write-off",
        "reversal" => "Correction",
        _ => "Entry",
    };

    /// <summary>The query string that keeps the chosen customer on every portal link.</summary>
    public static string For(string path, string customer) => $"{path}?c={Uri.EscapeDataString(customer)}";
}
