using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>A side effect (email, letter, webhook) produced in the same transaction as the state change.</summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Topic { get; set; }

    public required string PayloadJson { get; set; }

    // creditpath (issue 17 §2): a credit decision written by the check writer is stored once, on its reservation.
    /// <summary>
    /// When set, the payload is the decision JSON of this credit reservation (and <see cref="PayloadJson"/> is empty):
    /// readers take it through <c>OutboxPayloads.Fill</c>. Pinned (copied here, and this cleared) before the
    /// reservation's stored answer is ever rewritten, so an event's payload never changes.
    /// </summary>
    public long? DecisionOf { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? DeliveredAtUtc { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The model of the outbox: side effects saved with the state change and delivered afterwards.</summary>
internal static class OutboxModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasIndex(m => m.DeliveredAtUtc);
            e.Property(m => m.Topic).HasMaxLength(100);
            e.HasIndex(m => m.DecisionOf).HasFilter("\"DecisionOf\" IS NOT NULL"); // creditpath: to pin before a rewrite
        });
    }
}
