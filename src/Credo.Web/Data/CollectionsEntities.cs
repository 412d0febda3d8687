using Credo.Domain.Collections;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// A dunning policy version (see <c>Credo.Domain.Collections.DunningPolicy</c>), as JSON. Versions are only added:
/// the highest number is the one in force; every message records the version that produced it.
/// </summary>
internal sealed class DunningPolicyVersion
{
    public long Id { get; set; }

    public int Number { get; set; }

    public required string DefinitionJson { get; set; }

    public string? Note { get; set; }

    public DateTime PublishedAtUtc { get; set; }

    public required string PublishedBy { get; set; }
}

/// <summary>
/// One dunning run. A daily run carries <see cref="DailyKey"/> (its date), unique, so that of several app instances
/// only the first to insert it runs that day; on-demand runs have none.
/// </summary>
internal sealed class DunningRun
{
    public long Id { get; set; }

    public DateOnly RunOn { get; set; }

    /// <summary>"daily" or "on demand".</summary>
    public required string Trigger { get; set; }

    public string? DailyKey { get; set; }

    public int PolicyNumber { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public required string StartedBy { get; set; }

    public int MessagesSent { get; set; }

    public int AlreadySent { get; set; }

    public int CustomersLeftOut { get; set; }
}

/// <summary>
/// A dunning message as sent: the rendered text, recipient, time, level and items. Append-only. The unique index on
/// (customer, recipient, run date) is what makes a second run on the same day send nothing twice, even concurrently.
/// </summary>
internal sealed class DunningMessage
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long CustomerId { get; set; }

    public DateOnly RunOn { get; set; }

    /// <summary>The email address, or "post" for a letter / "phone" for a call task without one.</summary>
    public required string Recipient { get; set; }

    public required string RecipientName { get; set; }

    public DunningChannel Channel { get; set; }

    public int LevelIndex { get; set; }

    public required string LevelCode { get; set; }

    public required string LevelName { get; set; }

    public required string TemplateKey { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    /// <summary>Totals per currency in people's words ("1,234.50 USD").</summary>
    public required string TotalsText { get; set; }

    public string? FeesText { get; set; }

    /// <summary>Statutory interest charged with the message, in people's words ("3.21 USD"), or null.</summary>
    public string? InterestText { get; set; }

    /// <summary>The ledger documents the fees and interest were posted as ("Late fee 12.00 USD as FEE-20261207-C1-second-notice-USD"), one a line.</summary>
    public string? ChargesText { get; set; }

    /// <summary>The letter as sent (a PDF), for a letter level; null for email and call tasks.</summary>
    public byte[]? LetterPdf { get; set; }

    public bool CreditHold { get; set; }

    public int PolicyNumber { get; set; }

    public DateTime SentAtUtc { get; set; }

    public required string SentBy { get; set; }

    /// <summary>SHA-256 of the secret in the message's statement link (<c>/statement/{token}</c>).</summary>
    public required string LinkHash { get; set; }

    public List<DunningMessageItem> Items { get; set; } = [];
}

/// <summary>An item a message listed, at its level, as it stood when sent.</summary>
internal sealed class DunningMessageItem
{
    public long Id { get; set; }

    public long MessageId { get; set; }

    public long EntryId { get; set; }

    public required string Document { get; set; }

    public DateOnly DueOn { get; set; }

    public required string Currency { get; set; }

    public long OpenMinor { get; set; }

    public int LevelIndex { get; set; }

    public int DaysPastDue { get; set; }

    public long? FeeMinor { get; set; }

    /// <summary>Statutory interest charged on the item with this message, through the run date.</summary>
    public long? InterestMinor { get; set; }
}

/// <summary>A payment plan: a series of promised instalments (each a <see cref="PaymentPromise"/> with this plan's id).</summary>
internal sealed class PaymentPlanRecord
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public PlanStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// A promise to pay (or one instalment of a plan): by when, how much, for which items, how it was made and who took it.
/// Its status moves only through <c>PromiseFlow</c>; kept or broken is read from the ledger.
/// </summary>
internal sealed class PaymentPromise
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public long? PlanId { get; set; }

    public PaymentPlanRecord? Plan { get; set; }

    public int InstalmentNo { get; set; }

    public DateOnly MadeOn { get; set; }

    public DateOnly PromisedOn { get; set; }

    public long AmountMinor { get; set; }

    public required string Currency { get; set; }

    /// <summary>phone, email, letter, in person, portal.</summary>
    public required string Channel { get; set; }

    public required string TakenBy { get; set; }

    public DateTime TakenAtUtc { get; set; }

    public PromiseStatus Status { get; set; }

    public DateOnly? SettledOn { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; }

    public List<PromiseItem> Items { get; set; } = [];
}

/// <summary>An item a promise covers, with what was open on it when the promise was made (payments since count towards the promise).</summary>
internal sealed class PromiseItem
{
    public long PromiseId { get; set; }

    public long EntryId { get; set; }

    public long OpenAtPromiseMinor { get; set; }
}

/// <summary>What happened on a customer's collection: the timeline's own entries (messages and promises have their tables).</summary>
internal enum ActivityKind
{
    Call,
    Note,
    Snooze,
    PromiseRecorded,
    PromiseKept,
    PromiseBroken,
    PromiseCancelled,
    PlanRecorded,
    Escalated,
    StatementSent,
    HandedOver,
    ReminderSent, // replies (issue 14 §6): a reminder a collector reviewed and sent by hand
    RemindersHeld, // replies (issue 14 §6): reminders held until SnoozeUntil after a reply (paid, wrong contact, out of office)
}

/// <summary>A contact, note, snooze or promise event on a customer's collection. Append-only.</summary>
internal sealed class CollectionActivity
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public ActivityKind Kind { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }

    /// <summary>A call's outcome code (see <c>CallOutcomes</c>).</summary>
    public string? Outcome { get; set; }

    public string? Text { get; set; }

    public DateOnly? SnoozeUntil { get; set; }

    public long? PromiseId { get; set; }

    public PaymentPromise? Promise { get; set; }
}

/// <summary>An assignment rule as data: customers of this scope and key go to this collector's queue.</summary>
internal sealed class CollectorRule
{
    public long Id { get; set; }

    public AssignmentScope Scope { get; set; }

    public required string Key { get; set; }

    public required string CollectorEmail { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>
/// A dispute or deduction case on one invoice: why, how much of it, who owns it, where it stands (only through
/// <c>DisputeCaseFlow</c>) and by when it should be resolved. While open, the ledger's dispute on the invoice is open
/// too (the invoice's Disputed flag); resolving posts a credit note or a write-off through the ledger's use cases.
/// </summary>
internal sealed class DisputeCase
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public long EntryId { get; set; }

    /// <summary>The ledger's dispute row this case keeps open.</summary>
    public long? LedgerDisputeId { get; set; }

    public CaseKind Kind { get; set; }

    public CaseReason Reason { get; set; }

    public CaseStatus Status { get; set; }

    public long DisputedMinor { get; set; }

    public required string Currency { get; set; }

    /// <summary>The collector who owns it (email), or null when nobody has taken it.</summary>
    public string? Owner { get; set; }

    /// <summary>staff, portal or payment.</summary>
    public required string Source { get; set; }

    /// <summary>The payment whose short amount opened a deduction case.</summary>
    public long? PaymentId { get; set; }

    public DateOnly OpenedOn { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTime OpenedAtUtc { get; set; }

    public required string OpenedBy { get; set; }

    public DateTime? ResolvedAtUtc { get; set; }

    public string? ResolvedBy { get; set; }

    /// <summary>The credit note or write-off the resolution posted (its document number).</summary>
    public string? ResolutionDocument { get; set; }

    public long? ResolvedMinor { get; set; }

    public int Version { get; set; }

    public List<CaseNote> Notes { get; set; } = [];

    public List<CaseAttachment> Attachments { get; set; } = [];
}

/// <summary>A note on a case (from staff or the buyer), a status change, or an attachment's caption. Append-only.</summary>
internal sealed class CaseNote
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }

    /// <summary>The buyer wrote it (shown to the buyer too); staff notes are internal unless <see cref="SharedWithBuyer"/>.</summary>
    public bool FromBuyer { get; set; }

    public bool SharedWithBuyer { get; set; }

    public required string Text { get; set; }

    public long? AttachmentId { get; set; }

    public CaseAttachment? Attachment { get; set; }
}

/// <summary>A checked upload on a case: its name, type (recognised from its bytes), size and content. Append-only.</summary>
internal sealed class CaseAttachment
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    public required byte[] Content { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public required string UploadedBy { get; set; }
}

internal static class CollectionsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<DunningPolicyVersion>(e =>
        {
            e.ToTable("dunning_policy_versions");
            e.HasIndex(p => p.Number).IsUnique();
            e.Property(p => p.Note).HasMaxLength(500);
            e.Property(p => p.PublishedBy).HasMaxLength(200);
        });

        builder.Entity<DunningRun>(e =>
        {
            e.ToTable("dunning_runs");
            e.HasIndex(r => r.DailyKey).IsUnique();
            e.HasIndex(r => r.RunOn);
            e.Property(r => r.Trigger).HasMaxLength(16);
            e.Property(r => r.DailyKey).HasMaxLength(16);
            e.Property(r => r.StartedBy).HasMaxLength(200);
        });

        builder.Entity<DunningMessage>(e =>
        {
            e.ToTable("dunning_messages");
            e.HasIndex(m => new { m.CustomerId, m.Recipient, m.RunOn }).IsUnique();
            e.HasIndex(m => new { m.CustomerId, m.SentAtUtc });
            e.HasIndex(m => m.LinkHash).IsUnique();
            e.HasIndex(m => m.RunId);
            e.Property(m => m.Recipient).HasMaxLength(320);
            e.Property(m => m.RecipientName).HasMaxLength(200);
            e.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.LevelCode).HasMaxLength(32);
            e.Property(m => m.LevelName).HasMaxLength(100);
            e.Property(m => m.TemplateKey).HasMaxLength(64);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.TotalsText).HasMaxLength(300);
            e.Property(m => m.FeesText).HasMaxLength(300);
            e.Property(m => m.InterestText).HasMaxLength(300);
            e.Property(m => m.ChargesText).HasMaxLength(1000);
            e.Property(m => m.SentBy).HasMaxLength(200);
            e.Property(m => m.LinkHash).HasMaxLength(64);
            e.HasOne<DunningRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(m => m.Items).WithOne().HasForeignKey(i => i.MessageId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<DunningMessageItem>(e =>
        {
            e.ToTable("dunning_message_items");
            e.HasIndex(i => new { i.EntryId, i.LevelIndex });
            e.Property(i => i.Document).HasMaxLength(64);
            e.Property(i => i.Currency).HasMaxLength(3);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(i => i.EntryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PaymentPlanRecord>(e =>
        {
            e.ToTable("payment_plans");
            e.HasIndex(p => new { p.CustomerId, p.Status });
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.CreatedBy).HasMaxLength(200);
            e.Property(p => p.Note).HasMaxLength(1000);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PaymentPromise>(e =>
        {
            e.ToTable("payment_promises");
            e.HasIndex(p => new { p.CustomerId, p.Status });
            e.HasIndex(p => new { p.Status, p.PromisedOn });
            e.HasIndex(p => p.PlanId);
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.Channel).HasMaxLength(32);
            e.Property(p => p.TakenBy).HasMaxLength(200);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.Note).HasMaxLength(1000);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.Plan).WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PromiseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PromiseItem>(e =>
        {
            e.ToTable("payment_promise_items");
            e.HasKey(i => new { i.PromiseId, i.EntryId });
            e.HasIndex(i => i.EntryId);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(i => i.EntryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CollectionActivity>(e =>
        {
            e.ToTable("collection_activities");
            e.HasIndex(a => new { a.CustomerId, a.AtUtc });
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(a => a.By).HasMaxLength(200);
            e.Property(a => a.Outcome).HasMaxLength(32);
            e.Property(a => a.Text).HasMaxLength(2000);
            e.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Promise).WithMany().HasForeignKey(a => a.PromiseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CollectorRule>(e =>
        {
            e.ToTable("collector_rules");
            e.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
            e.Property(r => r.Scope).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Key).HasMaxLength(200);
            e.Property(r => r.CollectorEmail).HasMaxLength(256);
            e.Property(r => r.CreatedBy).HasMaxLength(200);
        });
        builder.Entity<DisputeCase>(e =>
        {
            e.ToTable("dispute_cases");
            e.HasIndex(c => new { c.CustomerId, c.Status });
            e.HasIndex(c => new { c.Status, c.DueOn });
            e.HasIndex(c => c.EntryId);
            e.HasIndex(c => new { c.PaymentId, c.EntryId }).IsUnique();
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Reason).HasConversion<string>().HasMaxLength(24);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.Owner).HasMaxLength(256);
            e.Property(c => c.Source).HasMaxLength(16);
            e.Property(c => c.OpenedBy).HasMaxLength(200);
            e.Property(c => c.ResolvedBy).HasMaxLength(200);
            e.Property(c => c.ResolutionDocument).HasMaxLength(64);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(c => c.PaymentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Dispute>().WithMany().HasForeignKey(c => c.LedgerDisputeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseNote>(e =>
        {
            e.ToTable("dispute_case_notes");
            e.HasIndex(n => new { n.CaseId, n.AtUtc });
            e.Property(n => n.By).HasMaxLength(200);
            e.Property(n => n.Text).HasMaxLength(2000);
            e.HasOne(n => n.Attachment).WithMany().HasForeignKey(n => n.AttachmentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseAttachment>(e =>
        {
            e.ToTable("dispute_case_attachments");
            e.HasIndex(a => a.CaseId);
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.ContentType).HasMaxLength(64);
            e.Property(a => a.UploadedBy).HasMaxLength(200);
            e.HasOne<DisputeCase>().WithMany(c => c.Attachments).HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
