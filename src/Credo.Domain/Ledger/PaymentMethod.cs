namespace Credo.Domain.Ledger;

/// <summary>How a payment was received: the one closed set the API, the imports and the pages share.</summary>
public enum PaymentMethod
{
    BankTransfer,
    Card,
    Cheque,
    Cash,
    DirectDebit,
    Other,
}

public static class PaymentMethods
{
    /// <summary>Every method, in the order forms list them.</summary>
    public static IReadOnlyList<PaymentMethod> All { get; } = Enum.GetValues<PaymentMethod>();

    /// <summary>The slugs, as stored and as the API and CSV files carry them.</summary>
    public static IReadOnlyList<string> Slugs { get; } = [.. All.Select(Slug)];

    /// <summary>Reads a slug (any case, trimmed); null when it is not one of the set.</summary>
    public static PaymentMethod? Parse(string? text)
    {
        var slug = text?.Trim();
        foreach (var method in All)
        {
            if (string.Equals(Slug(method), slug, StringComparison.OrdinalIgnoreCase))
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>The stored and wire form, e.g. "bank-transfer".</summary>
    public static string Slug(this PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "bank-transfer",
        PaymentMethod.Card => "card",
        PaymentMethod.Cheque => "cheque",
        PaymentMethod.Cash => "cash",
        PaymentMethod.DirectDebit => "direct-debit",
        PaymentMethod.Other => "other",
    };

    /// <summary>In a person's words, e.g. "Bank transfer".</summary>
    public static string DisplayName(this PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "Bank transfer",
        PaymentMethod.Card => "Card",
        PaymentMethod.Cheque => "Cheque",
        PaymentMethod.Cash => "Cash",
        PaymentMethod.DirectDebit => "Direct debit",
        PaymentMethod.Other => "Other",
    };
}
