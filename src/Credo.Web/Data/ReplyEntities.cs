using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Where an inbound reply stands: waiting for a collector, confirmed (its change made), discarded, or applied without a person (above the configured threshold).</summary>
internal enum ReplyStatus
{
    Waiting,
    Confirmed,
    Discarded,
    AppliedAutomatically,
}

/// <summary>
/// A customer's reply to a reminder, as received (API, mail drop or IMAP), matched to the customer and the reminder it
/// answers, and read by the rules-based classifier; the language model's suggestion beside it when one is configured.
/// </summary>
internal sealed class InboundReply
{
    public long Id { get; set; }

    /// <summary>api, drop or imap.</summary>
    public required string Source { get; set; }

    /// <summary>The Message-ID (or the source's own key when a message has none): a message is taken once.</summary>
    public required string MessageKey { get; set; }

    public string? InReplyTo { get; set; }

    public required string FromAddress { get; set; }

    public string? FromName { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    /// <summary>Attachment names, one a line, as received.</summary>
    public required string Attachments { get; set; }

    /// <summary>Attachments refused (too large, not an allowed type), in people's words; empty when none.</summary>
    public required string AttachmentProblems { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public DateOnly ReceivedOn { get; set; }

    public long? CustomerId { get; set; }

    public long? DunningMessageId { get; set; }

    /// <summary>How the customer was found, in people's words ("the sender's address", "an invoice it names").</summary>
    public required string MatchedBy { get; set; }

    public ReplyLabel Label { get; set; }

    public int ConfidencePercent { get; set; }

    public DateOnly? On { get; set; }

    public long? AmountMinor { get; set; }

    public string? Currency { get; set; }

    /// <summary>Invoice references the reply names, one a line.</summary>
    public required string Invoices { get; set; }

    public CaseReason? Reason { get; set; }

    /// <summary>The classifier's evidence: "what it says: quote" lines.</summary>
    public required string Evidence { get; set; }

    public ReplyLabel? ModelLabel { get; set; }

    public int? ModelConfidencePercent { get; set; }

    /// <summary>What the model said, or why it could not help (down, slow, an unusable answer).</summary>
    public string? ModelNote { get; set; }

    public ReplyStatus Status { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary>What the decision did, in people's words ("Promise recorded", "Case opened on INV-1").</summary>
    public string? Outcome { get; set; }
}

/// <summary>What Credo sent to a language model and what came back (or why nothing did). Append-only.</summary>
internal sealed class AssistExchange
{
    public long Id { get; set; }

    /// <summary>reminder-draft, reply-reading or thread-summary.</summary>
    public required string Purpose { get; set; }

    public long? CustomerId { get; set; }

    public long? ReplyId { get; set; }

    public required string Model { get; set; }

    public required string Prompt { get; set; }

    public string? Response { get; set; }

    /// <summary>answered, failed, timed out or unusable.</summary>
    public required string Outcome { get; set; }

    public int DurationMs { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }
}

/// <summary>The model of inbound replies and language-model exchanges (issue 14 §6).</summary>
internal static class ReplyModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<InboundReply>(e =>
        {
            e.ToTable("inbound_replies");
            e.HasIndex(r => r.MessageKey).IsUnique();
            e.HasIndex(r => new { r.Status, r.ReceivedAtUtc });
            e.HasIndex(r => r.CustomerId);
            e.Property(r => r.Source).HasMaxLength(16);
            e.Property(r => r.MessageKey).HasMaxLength(512);
            e.Property(r => r.InReplyTo).HasMaxLength(512);
            e.Property(r => r.FromAddress).HasMaxLength(320);
            e.Property(r => r.FromName).HasMaxLength(200);
            e.Property(r => r.Subject).HasMaxLength(500);
            e.Property(r => r.Body).HasMaxLength(20_000);
            e.Property(r => r.Attachments).HasMaxLength(4000);
            e.Property(r => r.AttachmentProblems).HasMaxLength(4000);
            e.Property(r => r.MatchedBy).HasMaxLength(200);
            e.Property(r => r.Label).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.ModelLabel).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Reason).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.Invoices).HasMaxLength(2000);
            e.Property(r => r.Evidence).HasMaxLength(4000);
            e.Property(r => r.ModelNote).HasMaxLength(2000);
            e.Property(r => r.DecidedBy).HasMaxLength(256);
            e.Property(r => r.Outcome).HasMaxLength(1000);
        });
        builder.Entity<AssistExchange>(e =>
        {
            e.ToTable("assist_exchanges");
            e.HasIndex(x => x.CustomerId);
            e.Property(x => x.Purpose).HasMaxLength(32);
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.Prompt).HasMaxLength(20_000);
            e.Property(x => x.Response).HasMaxLength(20_000);
            e.Property(x => x.Outcome).HasMaxLength(32);
            e.Property(x => x.By).HasMaxLength(256);
        });
    }
}
