using Credo.Domain.Amounts;

namespace Credo.Domain.Matching;

/// <summary>What the matcher knows of one bank line. Only credits (money in) are matched.</summary>
public sealed record BankLineFacts(
    long LineId,
    Money Amount,
    DateOnly BookedOn,
    string Remittance,
    IReadOnlyList<string> StructuredReferences,
    string? EndToEndId,
    string? PayerName,
    string? PayerAccount);

/// <summary>
/// An open invoice the line may pay. <see cref="DiscountBasisPoints"/> and <see cref="DiscountUntil"/> describe a
/// cash discount (2/10 net 30: 200 basis points until the 10th day), or are 0 and null.
/// </summary>
public sealed record OpenInvoice(long Id, long CustomerId, string Number, Money Open, DateOnly IssuedOn, DateOnly DueOn, int DiscountBasisPoints = 0, DateOnly? DiscountUntil = null);

/// <summary>
/// A customer as payers are recognised: its number, names (legal, trading, and aliases learned from manual matches)
/// and the bank accounts it has paid from (learned from earlier matches).
/// </summary>
public sealed record PayerProfile(long CustomerId, string Number, IReadOnlyList<string> Names, IReadOnlyList<string> Accounts);

/// <summary>
/// The thresholds (settings): a score at or above <see cref="AutoApplyScore"/> is applied without a person, at or
/// above <see cref="SuggestScore"/> suggested, below left unmatched. <see cref="ToleranceMinor"/> is the largest
/// short payment (bank charges, rounding) still treated as paying the invoice in full; the difference stays open.
/// </summary>
public sealed record MatchSettings(int AutoApplyScore = 90, int SuggestScore = 40, long ToleranceMinor = 500, int MaxSubsetSize = 4, int MaxSubsetInvoices = 16)
{
    public static MatchSettings Default { get; } = new();
}

public enum MatchOutcome
{
    /// <summary>Good enough and unambiguous: posted without a person.</summary>
    Apply,

    /// <summary>A likely answer for a person to confirm or reject.</summary>
    Suggest,

    /// <summary>No answer good enough: a person searches.</summary>
    Unmatched,
}

/// <summary>One reason for (or against) an answer, in words, with the points it adds.</summary>
public sealed record Evidence(string Kind, string Said, int Points);

public sealed record InvoiceAllocation(long InvoiceId, string InvoiceNumber, Money Amount);

/// <summary>
/// A candidate answer: one customer, the invoices and amounts the line pays, and what stays on account. Its
/// <see cref="Signature"/> names the answer (customer and invoices) so that an undone or rejected answer is never
/// given again by the engine.
/// </summary>
public sealed record MatchAnswer(long CustomerId, string CustomerNumber, IReadOnlyList<InvoiceAllocation> Allocations, Money OnAccount, int Score, IReadOnlyList<Evidence> Evidence)
{
    public string Signature => AnswerSignature.Of(CustomerId, Allocations.Select(a => a.InvoiceId));

    /// <summary>How the line's amount fits the invoices (null when a stage other than the amount fit gave the answer).</summary>
    public FitKind? Fit { get; init; }
}

public static class AnswerSignature
{
    public static string Of(long customerId, IEnumerable<long> invoiceIds) =>
        $"{customerId}:{string.Join(',', invoiceIds.Order())}";
}

/// <summary>The one decision for a line: the outcome, the best answer (if any), the others considered, a sentence.</summary>
public sealed record MatchDecision(long LineId, MatchOutcome Outcome, MatchAnswer? Answer, IReadOnlyList<MatchAnswer> Alternatives, string Summary);
