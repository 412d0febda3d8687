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
    }
}
