using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>A member of staff. Roles come from ASP.NET Core Identity (see <see cref="Infrastructure.Roles"/>).</summary>
internal sealed class CreditUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

internal sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who sent it and where: the same key from two clients is two keys.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public string? Location { get; set; }

    public string? ResponseJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class ApiKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Public part of the key, used to find it; the secret part is stored only as a hash.</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public required string Role { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }
}

/// <summary>The model of who may call: staff users, API keys, and the idempotency records that recognise a retried call.</summary>
internal static class AccessModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
            e.Property(r => r.Scope).HasMaxLength(300);
            e.Property(r => r.Key).HasMaxLength(200);
            e.Property(r => r.RequestHash).HasMaxLength(64);
        });

        builder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasIndex(k => k.Name).IsUnique();
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(32);
            e.Property(k => k.SecretHash).HasMaxLength(128);
            e.Property(k => k.Role).HasMaxLength(32);
        });
    }
}
