using Credo.Domain.Portal;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// A person at a seller's customer who signs in to the buyer portal (issue 16). Not a staff <see cref="CreditUser"/>:
/// its own table, password hash, lockout counters and security stamp, and its own cookie scheme.
/// </summary>
internal sealed class BuyerUser
{
    public long Id { get; set; }

    public required string Email { get; set; }

    /// <summary>Upper-cased email: the unique key sign-in looks up.</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>ASP.NET Core's PasswordHasher output (PBKDF2); null until the first invitation is accepted.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Changes on sign-out and password change: a cookie carrying an older stamp is refused.</summary>
    public required string SecurityStamp { get; set; }

    public int AccessFailedCount { get; set; }

    public DateTime? LockoutEndUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }

    /// <summary>Sign-in asks for an authenticator code (or a recovery code) after the password or sign-in link.</summary>
    public bool TwoFactorEnabled { get; set; }

    /// <summary>The TOTP shared key (Base32), sealed with Data Protection; set at enrolment, kept while enabled.</summary>
    public string? AuthenticatorKey { get; set; }

    /// <summary>The last TOTP time step accepted: a code is never accepted twice.</summary>
    public long? AuthenticatorLastStep { get; set; }

    /// <summary>SHA-256 hashes (hex, space-separated) of the recovery codes not yet used.</summary>
    public string? RecoveryCodeHashes { get; set; }
}

/// <summary>An explicit grant of a buyer user to one customer, with what they may do for it.</summary>
internal sealed class BuyerGrant
{
    public long Id { get; set; }

    public long BuyerUserId { get; set; }

    public long CustomerId { get; set; }

    public BuyerRole Role { get; set; }

    public DateTime GrantedAtUtc { get; set; }

    public required string GrantedBy { get; set; }
}

/// <summary>An emailed, single-use, expiring invitation of an email address to act for a customer.</summary>
internal sealed class BuyerInvitation
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public required string Email { get; set; }

    /// <summary>SHA-256 of the link's secret (the secret itself is only in the email).</summary>
    public required string TokenHash { get; set; }

    public BuyerRole Role { get; set; }

    public InvitationStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public required string InvitedBy { get; set; }

    public DateTime? AcceptedAtUtc { get; set; }

    public long? BuyerUserId { get; set; }

    public int Version { get; set; }
}

/// <summary>How a buyer pays a payment request (stored as the name).</summary>
internal enum PortalPaymentMethod
{
    /// <summary>Card, through the payment provider.</summary>
    Card,

    /// <summary>US bank account (ACH debit), through the payment provider.</summary>
    UsBankAccount,

    /// <summary>A transfer the buyer makes from their bank, quoting the request's creditor reference.</summary>
    BankTransfer,
}

/// <summary>
/// A buyer's payment of chosen invoices (or an amount spread over them), with its ISO 11649 creditor reference and,
/// when paid online, the provider's payment id. Its status follows <see cref="PaymentFlow"/>.
/// </summary>
internal sealed class PaymentRequest
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public long BuyerUserId { get; set; }

    public PortalPaymentMethod Method { get; set; }

    public required string Currency { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>ISO 11649 creditor reference, electronic form (set once the request has its number).</summary>
    public string? Reference { get; set; }

    public PaymentRequestStatus Status { get; set; }

    /// <summary>The provider's name ("stripe") for online payments.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's payment id (a Stripe PaymentIntent id): webhooks find the request by it.</summary>
    public string? ProviderPaymentId { get; set; }

    /// <summary>What the provider's page in the browser needs to confirm the payment (a PaymentIntent's client secret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The ledger payment posted for it, once confirmed.</summary>
    public long? PaymentEntryId { get; set; }

    /// <summary>The last thing that happened, in words (a failure's or a reversal's reason).</summary>
    public string? Note { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? UpdatedAtUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>One invoice of a payment request and the amount the buyer chose to pay on it.</summary>
internal sealed class PaymentRequestItem
{
    public long Id { get; set; }

    public long RequestId { get; set; }

    public long InvoiceId { get; set; }

    public required string InvoiceNumber { get; set; }

    public long AmountMinor { get; set; }
}

/// <summary>
/// Every provider event handled, by the provider's event id (unique): a replayed webhook finds its row and changes
/// nothing. Append-only.
/// </summary>
internal sealed class PaymentProviderEvent
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    public required string EventId { get; set; }

    public required string Type { get; set; }

    public string? ProviderPaymentId { get; set; }

    public long? RequestId { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>What Credo did, in words.</summary>
    public required string Outcome { get; set; }
}

/// <summary>
/// A refund the provider made on a posted payment (full or partial), once per refund id: what it posted to the ledger
/// (a reversal of the payment, or a debit adjustment of the refunded amount), or why it posted nothing.
/// </summary>
internal sealed class PaymentRefund
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    /// <summary>The provider's refund id (Stripe re_…): the idempotency key.</summary>
    public required string RefundId { get; set; }

    public long RequestId { get; set; }

    public long AmountMinor { get; set; }

    public required string Currency { get; set; }

    /// <summary>The ledger entry it posted (a reversal or an adjustment); null when it posted nothing.</summary>
    public long? EntryId { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string Outcome { get; set; }
}

/// <summary>
/// A refund the provider reported before the payment's success reached Credo (append-only, once per refund id): kept,
/// and posted through the refund rule once the payment posts; a payment never posted keeps it unposted.
/// </summary>
internal sealed class WaitingRefund
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    /// <summary>The provider's refund id (Stripe re_…, or the charge and its refunded total).</summary>
    public required string RefundId { get; set; }

    public long RequestId { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>True when <see cref="AmountMinor"/> is the total refunded so far rather than this refund's amount.</summary>
    public bool Cumulative { get; set; }

    public DateTime ReceivedAtUtc { get; set; }
}

/// <summary>
/// A buyer's question to the collector (about an invoice, or the account): a thread both sides read, the buyer in the
/// portal and the staff on the Team questions page. Answered once the last message is the collector's.
/// </summary>
internal sealed class PortalQuestion
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    /// <summary>The invoice asked about (one of the customer's), or null for a question about the account.</summary>
    public long? InvoiceId { get; set; }

    public string? InvoiceNumber { get; set; }

    public required string Subject { get; set; }

    public long BuyerUserId { get; set; }

    public DateTime AskedAtUtc { get; set; }

    /// <summary>True while the buyer's message waits for the collector's answer.</summary>
    public bool AwaitingAnswer { get; set; }

    public DateTime LastMessageAtUtc { get; set; }
}

/// <summary>One message of a <see cref="PortalQuestion"/>'s thread, by the buyer or by a collector. Append-only.</summary>
internal sealed class PortalMessage
{
    public long Id { get; set; }

    public long QuestionId { get; set; }

    public bool FromBuyer { get; set; }

    /// <summary>Who wrote it: the buyer's email, or the staff member's name.</summary>
    public required string Author { get; set; }

    public required string Text { get; set; }

    public DateTime AtUtc { get; set; }
}

internal static class PortalModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<BuyerUser>(e =>
        {
            e.ToTable("buyer_users");
            e.HasIndex(u => u.NormalizedEmail).IsUnique();
            e.Property(u => u.Email).HasMaxLength(256);
            e.Property(u => u.NormalizedEmail).HasMaxLength(256);
            e.Property(u => u.PasswordHash).HasMaxLength(500);
            e.Property(u => u.SecurityStamp).HasMaxLength(64);
            e.Property(u => u.AuthenticatorKey).HasMaxLength(1000);
            e.Property(u => u.RecoveryCodeHashes).HasMaxLength(1000);
        });

        builder.Entity<PaymentRefund>(e =>
        {
            e.ToTable("portal_payment_refunds");
            e.HasIndex(x => new { x.Provider, x.RefundId }).IsUnique();
            e.HasIndex(x => x.RequestId);
            e.Property(x => x.Provider).HasMaxLength(16);
            e.Property(x => x.RefundId).HasMaxLength(100);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Outcome).HasMaxLength(500);
            e.HasOne<PaymentRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<WaitingRefund>(e =>
        {
            e.ToTable("portal_refunds_waiting");
            e.HasIndex(x => new { x.Provider, x.RefundId }).IsUnique();
            e.HasIndex(x => x.RequestId);
            e.Property(x => x.Provider).HasMaxLength(16);
            e.Property(x => x.RefundId).HasMaxLength(100);
            e.HasOne<PaymentRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BuyerGrant>(e =>
        {
            e.ToTable("buyer_grants");
            e.HasIndex(g => new { g.BuyerUserId, g.CustomerId }).IsUnique();
            e.HasIndex(g => g.CustomerId);
            e.Property(g => g.Role).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.GrantedBy).HasMaxLength(200);
            e.HasOne<BuyerUser>().WithMany().HasForeignKey(g => g.BuyerUserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Customer>().WithMany().HasForeignKey(g => g.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BuyerInvitation>(e =>
        {
            e.ToTable("buyer_invitations");
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => new { i.CustomerId, i.Status });
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.InvitedBy).HasMaxLength(200);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PaymentRequest>(e =>
        {
            e.ToTable("portal_payment_requests");
            e.HasIndex(r => r.Reference).IsUnique();
            e.HasIndex(r => new { r.Provider, r.ProviderPaymentId }).IsUnique();
            e.HasIndex(r => new { r.CustomerId, r.Status });
            e.HasIndex(r => new { r.Currency, r.Status, r.Method });
            e.Property(r => r.Method).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.Reference).HasMaxLength(25);
            e.Property(r => r.Provider).HasMaxLength(16);
            e.Property(r => r.ProviderPaymentId).HasMaxLength(100);
            e.Property(r => r.ClientSecret).HasMaxLength(200);
            e.Property(r => r.Note).HasMaxLength(500);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BuyerUser>().WithMany().HasForeignKey(r => r.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PaymentRequestItem>(e =>
        {
            e.ToTable("portal_payment_request_items");
            e.HasIndex(i => new { i.RequestId, i.InvoiceId }).IsUnique();
            e.Property(i => i.InvoiceNumber).HasMaxLength(64);
            e.HasOne<PaymentRequest>().WithMany().HasForeignKey(i => i.RequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(i => i.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PaymentProviderEvent>(e =>
        {
            e.ToTable("portal_payment_events");
            e.HasIndex(x => new { x.Provider, x.EventId }).IsUnique();
            e.HasIndex(x => x.RequestId);
            e.Property(x => x.Provider).HasMaxLength(16);
            e.Property(x => x.EventId).HasMaxLength(100);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.ProviderPaymentId).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(500);
        });

        builder.Entity<PortalQuestion>(e =>
        {
            e.ToTable("portal_questions");
            e.HasIndex(q => new { q.CustomerId, q.LastMessageAtUtc });
            e.HasIndex(q => new { q.AwaitingAnswer, q.LastMessageAtUtc });
            e.Property(q => q.InvoiceNumber).HasMaxLength(64);
            e.Property(q => q.Subject).HasMaxLength(200);
            e.HasOne<Customer>().WithMany().HasForeignKey(q => q.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BuyerUser>().WithMany().HasForeignKey(q => q.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PortalMessage>(e =>
        {
            e.ToTable("portal_messages");
            e.HasIndex(m => new { m.QuestionId, m.Id });
            e.Property(m => m.Author).HasMaxLength(256);
            e.Property(m => m.Text).HasMaxLength(4000);
            e.HasOne<PortalQuestion>().WithMany().HasForeignKey(m => m.QuestionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
