using Credo.Domain.Common;
using Credo.Domain.Matching;
using Credo.Domain.Matching.Formats;

namespace Credo.Web.Features.CashApplication;

/// <summary>Settings (section CashApplication): the matcher's thresholds.</summary>
internal sealed class CashApplicationOptions
{
    public const string Section = "CashApplication";

    /// <summary>A score at or above this is applied without a person (0-100).</summary>
    public int AutoApplyScore { get; set; } = MatchSettings.Default.AutoApplyScore;

    /// <summary>A score at or above this is suggested; below it the line stays unmatched.</summary>
    public int SuggestScore { get; set; } = MatchSettings.Default.SuggestScore;

    /// <summary>The largest short payment (in minor units) still treated as paying an invoice; the difference stays open.</summary>
    public long ToleranceMinor { get; set; } = MatchSettings.Default.ToleranceMinor;

    /// <summary>
    /// The write-off policy as data: per currency code, the largest small difference (minor units) a payment short within
    /// the tolerance leaves open that is written off instead of left open (e.g. CashApplication:WriteOffMaxMinor:USD = 500).
    /// A currency not listed is never written off.
    /// </summary>
    public Dictionary<string, long> WriteOffMaxMinor { get; set; } = new(StringComparer.Ordinal);

    public WriteOffPolicy ToWriteOffPolicy() => new(WriteOffMaxMinor);

    public MatchSettings ToSettings() => MatchSettings.Default with { AutoApplyScore = AutoApplyScore, SuggestScore = SuggestScore, ToleranceMinor = ToleranceMinor };
}

/// <summary>One invoice and the amount (minor units) a bank line pays on it.</summary>
internal sealed record PaymentAllocation(string InvoiceNumber, long AmountMinor);

/// <summary>A payment for a bank line, as the ledger records it.</summary>
internal sealed record PaymentToPost(string CustomerNumber, string Reference, DateOnly ReceivedOn, long AmountMinor, string Currency, IReadOnlyList<PaymentAllocation> Allocations, string BankReference);

/// <summary>
/// The ledger, as cash application needs it: post a payment with its allocations, reverse one. Implemented over the
/// ledger's own use cases (RecordPayment, ReverseEntry) so that no allocation rule is copied here. Called inside the
/// caller's transaction: the bank line's decision and the posting commit together.
/// </summary>
internal interface ICashLedger
{
    Task<DomainError?> PostPayment(PaymentToPost payment, CancellationToken ct);

    Task<DomainError?> ReversePayment(string reference, string reason, CancellationToken ct);

    /// <summary>Writes off <paramref name="amountMinor"/> of an invoice's open amount with a reason (the ledger's WriteOffInvoice).</summary>
    Task<DomainError?> WriteOff(string invoiceNumber, long amountMinor, string currency, string reason, CancellationToken ct);
}

/// <summary>What an import did, per statement and in all.</summary>
internal sealed record StatementImported(long Id, string Account, string Format, string StatementId, int LinesRead, int LinesAdded, bool AlreadyImported, string? BalanceWarning);

internal sealed record BankStatementImportReport(IReadOnlyList<StatementImported> Statements, int LinesRead, int LinesAdded, int Applied, int Suggested, int Unmatched);

/// <summary>What the engine did over a set of lines.</summary>
internal sealed record MatchRunReport(int Applied, int Suggested, int Unmatched, int Skipped);

internal sealed record BankAccountRequest(string? Account, string? Currency, string? Name);

internal sealed record BankAccountDto(long Id, string Account, string Currency, string? Name);

/// <summary>A person's own answer for a line: the customer and, optionally, invoices with amounts; the rest goes on account.</summary>
internal sealed record ManualMatchRequest(string? CustomerNumber, IReadOnlyList<ManualAllocation>? Allocations, string? Reason);

internal sealed record ManualAllocation(string? InvoiceNumber, decimal? Amount);

internal sealed record LineActionRequest(string? Reason);

internal sealed record StatementDto(
    long Id, string Account, string Format, string StatementId, string? Sequence, DateOnly? StatementDate, string Currency, decimal? Opening, decimal? Closing,
    decimal? BalanceDifference, bool BalanceChecked, int Lines, int Applied, int Suggested, int Unmatched, DateTime ImportedAtUtc, string ImportedBy,
    int AppliedByEngine = 0, int SuggestionsAccepted = 0)
{
    /// <summary>Payment lines still waiting for a person: suggested or unmatched.</summary>
    public int LinesLeft => Suggested + Unmatched;

    /// <summary>The straight-through rate in whole per cent: payment lines the engine applied by itself (and still applied), of all payment lines.</summary>
    public int StraightThroughPercent => Applied + Suggested + Unmatched == 0 ? 0 : 100 * AppliedByEngine / (Applied + Suggested + Unmatched);

    /// <summary>
    /// The statement as a person names it: the bank account, the bank's statement number (its sequence, else its own id;
    /// none for a CSV export, whose id Credo made from the file's content) and the statement's date.
    /// </summary>
    public string Title
    {
        get
        {
            var number = Sequence ?? (StatementId.StartsWith(CsvStatements.IdPrefix, StringComparison.Ordinal) ? null : StatementId);
            var of = StatementDate is { } d ? $" of {Infrastructure.PlainWords.Date(d)}" : "";
            return $"Statement{(number is null ? "" : $" no. {number}")}{of}, account {AccountWords(Account)}";
        }
    }

    /// <summary>An IBAN in groups of four, as banks print it; any other account number as it is.</summary>
    public static string AccountWords(string account) =>
        account.Length >= 15 && account.Length <= 34 && char.IsAsciiLetter(account[0]) && char.IsAsciiLetter(account[1]) && account.All(char.IsAsciiLetterOrDigit)
            ? string.Join(' ', account.Chunk(4).Select(c => new string(c)))
            : account;
}

internal sealed record BankLineDto(
    long Id, long StatementId, int LineNo, DateOnly BookedOn, decimal Amount, string Currency, string? CounterpartyName, string? CounterpartyAccount,
    string Remittance, string? BankReference, string? EndToEndId, string Status, string? Action, string? CustomerNumber, int Score,
    IReadOnlyList<AllocationDto> Allocations, decimal OnAccount, IReadOnlyList<string> Evidence, string? PaymentReference,
    string? AllocationCurrency = null, string? Exchange = null); // cashfx: a line paying invoices in another currency: their currency, and the conversion in words

internal sealed record AllocationDto(string InvoiceNumber, decimal Amount);

/// <summary>A statement file as it would be imported (nothing written): its statements and their lines.</summary>
internal sealed record StatementPreview(string Format, IReadOnlyList<StatementPreviewStatement> Statements)
{
    public static StatementPreview Of(ParsedFile file) => new(
        file.Format.ToString().ToLowerInvariant(),
        [.. file.Statements.Select(s => new StatementPreviewStatement(
            s.Account, s.Currency.Code, s.StatementId, s.StatementDate, s.Opening?.Minor, s.Closing?.Minor, BalanceCheck.Of(s).Explanation,
            [.. s.Lines.Select(l => new StatementPreviewLine(l.Number, l.BookedOn, l.Amount.Minor, l.Amount.Currency.Code, l.Amount.ToDisplayString(), l.BankReference, l.CounterpartyName, l.CounterpartyAccount, l.Remittance))]))]);
}

internal sealed record StatementPreviewStatement(string Account, string Currency, string StatementId, DateOnly? StatementDate, long? OpeningMinor, long? ClosingMinor, string Balance, IReadOnlyList<StatementPreviewLine> Lines);

internal sealed record StatementPreviewLine(int Number, DateOnly BookedOn, long AmountMinor, string Currency, string Amount, string? Reference, string? PayerName, string? PayerAccount, string Remittance);
