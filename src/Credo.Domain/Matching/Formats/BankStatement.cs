using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching.Formats;

/// <summary>The statement formats Credo reads, recognised from the content of a file, never from its name.</summary>
public enum StatementFormat
{
    Camt052,
    Camt053,
    Camt054,
    Mt940,
    Mt942,
    Bai2,

    /// <summary>A bank's CSV export, read through a column mapping (never recognised from content alone).</summary>
    Csv,
}

/// <summary>
/// One account's statement as the bank sent it: who (account), which (statement id and sequence), the balances
/// when the bank gives them, and its lines in the bank's order. Amounts are <see cref="Money"/>: credits
/// (money in) positive, debits negative.
/// </summary>
public sealed record ParsedStatement(
    StatementFormat Format,
    string StatementId,
    string Account,
    Currency Currency,
    string? Sequence,
    DateOnly? StatementDate,
    Money? Opening,
    Money? Closing,
    IReadOnlyList<ParsedLine> Lines);

/// <summary>
/// One booking on a statement. <see cref="Remittance"/> is the free text (unstructured remittance, :86:, BAI2
/// text) joined by spaces; <see cref="StructuredReferences"/> holds creditor references and referred document
/// numbers exactly as sent. <see cref="Booked"/> is false for pending or information-only entries.
/// </summary>
public sealed record ParsedLine(
    int Number,
    DateOnly BookedOn,
    DateOnly? ValueOn,
    Money Amount,
    bool Booked,
    string? BankReference,
    string? EndToEndId,
    string? CounterpartyName,
    string? CounterpartyAccount,
    string Remittance,
    IReadOnlyList<string> StructuredReferences,
    string? TransactionCode);

/// <summary>A whole file: one or more statements (a camt message or a BAI2 file may carry several accounts).</summary>
public sealed record ParsedFile(StatementFormat Format, IReadOnlyList<ParsedStatement> Statements)
{
    public int LineCount => Statements.Sum(s => s.Lines.Count);
}

/// <summary>The refusal of a whole file: where (a line number or an element path) and why.</summary>
public static class StatementRefusal
{
    public const string Code = "statement-unreadable";

    public static Refusal At(string where, string reason) => new(Code, $"{where}: {reason}", where);
}

/// <summary>
/// Whether opening balance + booked lines = closing balance. A difference is flagged on the statement, not
/// refused: the bank's file is still the truth of what was booked.
/// </summary>
public sealed record BalanceCheck(bool Checked, bool Balanced, Money? Difference, string Explanation)
{
    public static BalanceCheck Of(ParsedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Opening is not { } opening || statement.Closing is not { } closing)
        {
            return new(false, true, null, "The bank gave no opening and closing balance to check.");
        }

        if (opening.Currency != closing.Currency || statement.Lines.Any(l => l.Booked && l.Amount.Currency != opening.Currency))
        {
            return new(false, false, null, "The balances and lines are not all in one currency, so they cannot be added up.");
        }

        var booked = statement.Lines.Where(l => l.Booked).Aggregate(opening, (sum, line) => sum + line.Amount);
        var difference = closing - booked;
        return difference.IsZero
            ? new(true, true, null, $"Opening {opening.ToDisplayString()} plus the lines equals closing {closing.ToDisplayString()}.")
            : new(true, false, difference, $"Opening {opening.ToDisplayString()} plus the lines is {booked.ToDisplayString()}, but the closing balance is {closing.ToDisplayString()}.");
    }
}
