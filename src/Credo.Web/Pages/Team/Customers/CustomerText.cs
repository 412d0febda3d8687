using Credo.Domain.Customers;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>Display text for customer values.</summary>
internal static class CustomerText
{
    public static string Status(CustomerStatus status) => status switch
    {
        CustomerStatus.Active => "Active",
        CustomerStatus.OnHold => "On hold",
        CustomerStatus.Blocked => "Blocked",
        CustomerStatus.Closed => "Closed",
    };

    public static string StatusClass(CustomerStatus status) => "status-" + status.ToString().ToLowerInvariant();
}

/// <summary>Display text for ledger values.</summary>
internal static class Text
{
    /// <summary>"credit-note" or "CreditNote" to "Credit note".</summary>
    public static string Kind(string kind)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(kind.Replace('-', ' '), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string State(Credo.Domain.Ledger.ItemState state) => state switch
    {
        Credo.Domain.Ledger.ItemState.Open => "Open",
        Credo.Domain.Ledger.ItemState.PartiallyPaid => "Part paid",
        Credo.Domain.Ledger.ItemState.Paid => "Paid",
        Credo.Domain.Ledger.ItemState.WrittenOff => "Written off",
        Credo.Domain.Ledger.ItemState.Reversed => "Reversed",
    };
}
