using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>One of the seller's own bank accounts: statements are imported into it (issue 15).</summary>
internal sealed class SellerBankAccount
{
    public long Id { get; set; }

    /// <summary>IBAN or account number, upper case, without spaces: how statements name it.</summary>
    public required string Account { get; set; }

    public required string Currency { get; set; }

    public string? Name { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>
/// An imported statement, append-only. (<see cref="BankAccountId"/>, <see cref="StatementKey"/>) is unique: the
/// bank's statement id, sequence and date, so the same statement imported twice adds nothing.
/// </summary>
internal sealed class BankStatementRecord
{
    public long Id { get; set; }

    public long BankAccountId { get; set; }

    /// <summary>camt052, camt053, camt054, mt940, mt942, bai2.</summary>
    public required string Format { get; set; }

    public required string StatementId { get; set; }

    public string? Sequence { get; set; }

    public DateOnly? StatementDate { get; set; }

    /// <summary>StatementId | Sequence | StatementDate: what makes a statement the same one.</summary>
    public required string StatementKey { get; set; }

    public required string Currency { get; set; }

    public long? OpeningMinor { get; set; }

    public long? ClosingMinor { get; set; }

    /// <summary>Closing minus (opening + booked lines) when the bank's balances were checked and do not add up; else null.</summary>
    public long? BalanceDifferenceMinor { get; set; }

    /// <summary>Whether opening and closing balances were there to be checked.</summary>
    public bool BalanceChecked { get; set; }

    public int LineCount { get; set; }

    public required string FileName { get; set; }

    public required string FileSha256 { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public required string ImportedBy { get; set; }
}

/// <summary>A statement line, append-only. What happened to it is in <see cref="BankLineDecision"/> rows.</summary>
internal sealed class BankLine
{
    public long Id { get; set; }

    public long StatementId { get; set; }

    public long BankAccountId { get; set; }

    public int LineNo { get; set; }

    public DateOnly BookedOn { get; set; }

    public DateOnly? ValueOn { get; set; }

    /// <summary>Signed: money in positive.</summary>
    public long AmountMinor { get; set; }

    public required string Currency { get; set; }

    public bool Booked { get; set; }

    public string? BankReference { get; set; }

    public string? EndToEndId { get; set; }

    public string? CounterpartyName { get; set; }

    public string? CounterpartyAccount { get; set; }

    public required string Remittance { get; set; }

    /// <summary>Creditor references and referred document numbers, one per line.</summary>
    public string? StructuredReferences { get; set; }

    public string? TransactionCode { get; set; }

    /// <summary>The bank's reference for the entry (unique per account when given): the same entry in two statements is one line.</summary>
    public string? EntryKey { get; set; }
}

/// <summary>What a line's decision is (the latest row wins).</summary>
internal enum BankLineStatus
{
    /// <summary>Posted: a payment and its allocations exist for the line.</summary>
    Applied,

    /// <summary>A likely answer waits for a person.</summary>
    Suggested,

    /// <summary>No answer good enough, or a suggestion rejected, or an application undone.</summary>
    Unmatched,
}

/// <summary>
/// One decision about a line, append-only: the engine's or a person's. (<see cref="LineId"/>, <see cref="Sequence"/>)
/// is unique, which is what stops two matchers from deciding (and applying) the same line twice at once. The line's
/// status is its highest-sequence decision.
/// </summary>
internal sealed class BankLineDecision
{
    public long Id { get; set; }

    public long LineId { get; set; }

    public int Sequence { get; set; }

    public BankLineStatus Status { get; set; }

    /// <summary>matched, suggested, unmatched, confirmed, rejected, undone, manual: how this row came to be.</summary>
    public required string Action { get; set; }

    public long? CustomerId { get; set; }

    public int Score { get; set; }

    /// <summary>The answer's signature (customer and invoices); undone and rejected ones are never given again by the engine.</summary>
    public string? Signature { get; set; }

    /// <summary>"invoiceNumber=minor" per allocation, one per line, and "on-account=minor".</summary>
    public string? Allocations { get; set; }

    /// <summary>The evidence in words, one reason per line with its points.</summary>
    public required string Evidence { get; set; }

    /// <summary>The payment posted for an applied line (its reference), so that an undo can reverse it.</summary>
    public string? PaymentReference { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }

    /// <summary>The remittance advice this decision read with the line (issue 15 §3), if any: an advice no decision names is still waiting for its money.</summary>
    public long? AdviceId { get; set; }
}

/// <summary>
/// A remittance advice as received, append-only (issue 15 §3): what it said (its invoices and total) and its text. It is
/// waiting for its money while no <see cref="BankLineDecision"/> names it; the matching run that meets a line of its
/// total decides that line with the advice's invoices.
/// </summary>
internal sealed class RemittanceAdviceRecord
{
    public long Id { get; set; }

    /// <summary>email, csv or pdf.</summary>
    public required string Form { get; set; }

    public required string Currency { get; set; }

    /// <summary>The total the advice states or implies; an advice without one cannot wait for a line (it is linked by hand).</summary>
    public long? TotalMinor { get; set; }

    /// <summary>The invoice numbers as the payer wrote them, one per line.</summary>
    public required string Invoices { get; set; }

    /// <summary>The advice in a person's words, for the evidence of the line it explains.</summary>
    public required string Said { get; set; }

    /// <summary>The advice's text (an email body, a CSV file, a PDF's text layer), cut at <see cref="MaxText"/> characters.</summary>
    public required string Text { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public required string By { get; set; }

    public const int MaxText = 20_000;
}

/// <summary>What the engine learned from a person's match, append-only: a payer account or a payer name that means a customer.</summary>
internal sealed class PayerHint
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    /// <summary>account or name.</summary>
    public required string Kind { get; set; }

    public required string Value { get; set; }

    public long? LearnedFromLineId { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }
}

internal static class CashApplicationModel
{
    /// <summary>The append-only tables (database triggers refuse UPDATE and DELETE).</summary>
    public static readonly string[] AppendOnly = ["bank_statements", "bank_lines", "bank_line_decisions", "payer_hints", "remittance_advices"];

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<SellerBankAccount>(e =>
        {
            e.ToTable("seller_bank_accounts");
            e.HasIndex(a => a.Account).IsUnique();
            e.Property(a => a.Account).HasMaxLength(64);
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.CreatedBy).HasMaxLength(200);
        });

        builder.Entity<BankStatementRecord>(e =>
        {
            e.ToTable("bank_statements");
            e.HasIndex(s => new { s.BankAccountId, s.StatementKey }).IsUnique();
            e.Property(s => s.Format).HasMaxLength(16);
            e.Property(s => s.StatementId).HasMaxLength(64);
            e.Property(s => s.Sequence).HasMaxLength(64);
            e.Property(s => s.StatementKey).HasMaxLength(200);
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.FileName).HasMaxLength(260);
            e.Property(s => s.FileSha256).HasMaxLength(64);
            e.Property(s => s.ImportedBy).HasMaxLength(200);
            e.HasOne<SellerBankAccount>().WithMany().HasForeignKey(s => s.BankAccountId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BankLine>(e =>
        {
            e.ToTable("bank_lines");
            e.HasIndex(l => new { l.StatementId, l.LineNo }).IsUnique();
            e.HasIndex(l => new { l.BankAccountId, l.EntryKey }).IsUnique().HasFilter("\"EntryKey\" IS NOT NULL");
            e.Property(l => l.Currency).HasMaxLength(3);
            e.Property(l => l.BankReference).HasMaxLength(64);
            e.Property(l => l.EndToEndId).HasMaxLength(64);
            e.Property(l => l.CounterpartyName).HasMaxLength(200);
            e.Property(l => l.CounterpartyAccount).HasMaxLength(64);
            e.Property(l => l.Remittance).HasMaxLength(2000);
            e.Property(l => l.StructuredReferences).HasMaxLength(1000);
            e.Property(l => l.TransactionCode).HasMaxLength(64);
            e.Property(l => l.EntryKey).HasMaxLength(100);
            e.HasOne<BankStatementRecord>().WithMany().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BankLineDecision>(e =>
        {
            e.ToTable("bank_line_decisions");
            e.HasIndex(d => new { d.LineId, d.Sequence }).IsUnique();
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Action).HasMaxLength(16);
            e.Property(d => d.Signature).HasMaxLength(500);
            e.Property(d => d.Allocations).HasMaxLength(4000);
            e.Property(d => d.Evidence).HasMaxLength(4000);
            e.Property(d => d.PaymentReference).HasMaxLength(64);
            e.Property(d => d.By).HasMaxLength(200);
            e.HasOne<BankLine>().WithMany().HasForeignKey(d => d.LineId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BankLineDecision>().HasIndex(d => d.AdviceId).HasFilter("\"AdviceId\" IS NOT NULL");
        builder.Entity<RemittanceAdviceRecord>(e =>
        {
            e.ToTable("remittance_advices");
            e.HasIndex(a => new { a.Currency, a.TotalMinor });
            e.Property(a => a.Form).HasMaxLength(16);
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.Invoices).HasMaxLength(8000);
            e.Property(a => a.Said).HasMaxLength(4000);
            e.Property(a => a.Text).HasMaxLength(RemittanceAdviceRecord.MaxText);
            e.Property(a => a.By).HasMaxLength(200);
        });

        builder.Entity<PayerHint>(e =>
        {
            e.ToTable("payer_hints");
            e.HasIndex(h => new { h.Kind, h.Value });
            e.HasIndex(h => h.CustomerId);
            e.Property(h => h.Kind).HasMaxLength(16);
            e.Property(h => h.Value).HasMaxLength(200);
            e.Property(h => h.By).HasMaxLength(200);
        });
    }
}
