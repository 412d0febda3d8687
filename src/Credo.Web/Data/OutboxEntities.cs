using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>A side effect (email, letter, webhook) produced in the same transaction as the state change.</summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Topic { get; set; }

    public required string PayloadJson { get; set; }

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
        });
    }
}
