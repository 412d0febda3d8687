using Credo.Domain.Amounts;

namespace Credo.Domain.Matching;

/// <summary>What a line left open on one invoice it paid: the invoice and the amount still open after the payment.</summary>
public sealed record LeftOpen(string InvoiceNumber, Money Amount);

/// <summary>
/// The seller's policy for the small differences a payment leaves open (bank charges, rounding): per currency, the
/// largest difference written off instead of left open as a deduction. The limits are data (settings), not code; a
/// currency without a limit is never written off. Only a payment short within the matcher's tolerance qualifies:
/// a partial payment, a discount taken within terms or an over-payment never does.
/// </summary>
public sealed record WriteOffPolicy(IReadOnlyDictionary<string, long> MaxMinorByCurrency)
{
    public static WriteOffPolicy None { get; } = new(new Dictionary<string, long>(StringComparer.Ordinal));

    /// <summary>The limit in <paramref name="currency"/>, or null when the policy writes nothing off in it.</summary>
    public Money? Limit(Currency currency) =>
        MaxMinorByCurrency.TryGetValue(currency.Code, out var max) && max > 0 ? new Money(max, currency) : null;

    /// <summary>
    /// The differences to write off after a line paid an answer that fit as <paramref name="fit"/>: every invoice's
    /// positive difference, when the fit is short within tolerance and their total is at most the currency's limit;
    /// otherwise none (the differences stay open).
    /// </summary>
    public IReadOnlyList<LeftOpen> Decide(FitKind? fit, IReadOnlyList<LeftOpen> left)
    {
        ArgumentNullException.ThrowIfNull(left);
        var differences = left.Where(l => l.Amount.Minor > 0).ToList();
        if (fit != FitKind.WithinTolerance || differences.Count == 0)
        {
            return [];
        }

        var currency = differences[0].Amount.Currency;
        if (Limit(currency) is not { } limit || differences.Any(d => d.Amount.Currency != currency))
        {
            return [];
        }

        return differences.Sum(d => d.Amount.Minor) <= limit.Minor ? differences : [];
    }

    /// <summary>The evidence line for a write-off, in a person's words.</summary>
    public string Said(IReadOnlyList<LeftOpen> written) =>
        written.Count == 0 ? string.Empty
            : $"Written off by policy: {string.Join(", ", written.Select(w => $"{w.Amount.ToDisplayString()} left open on {w.InvoiceNumber}"))} (small differences up to {Limit(written[0].Amount.Currency)!.Value.ToDisplayString()} are written off)";
}
