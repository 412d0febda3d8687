using Credo.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Credo.Web.Data;

internal sealed class Address
{
    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
}

internal sealed class Contact
{
    public required string Name { get; set; }

    public string? Role { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

/// <summary>
/// A corporate group node. Groups nest to any depth (a holding owns regional groups which own stores);
/// customers hang from one group.
/// </summary>
internal sealed class CorporateGroup
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public long? ParentId { get; set; }

    public CorporateGroup? Parent { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A value in one segmentation dimension, e.g. (region, "west") or (channel, "independent").</summary>
internal sealed class Segment
{
    public long Id { get; set; }

    public required string Dimension { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }
}

internal sealed class CustomerSegment
{
    public long CustomerId { get; set; }

    public long SegmentId { get; set; }

    public Segment? Segment { get; set; }
}

/// <summary>Master data of a buyer. Updates are allowed (and audited); money history lives in the ledger.</summary>
internal sealed class Customer
{
    public long Id { get; set; }

    /// <summary>The seller's own account number: unique, used in URLs.</summary>
    public required string Number { get; set; }

    public required string LegalName { get; set; }

    public string? TradingName { get; set; }

    public string? TaxId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Website { get; set; }

    /// <summary>ISO 4217 code of the customer's default currency.</summary>
    public required string Currency { get; set; }

    /// <summary>Canonical <see cref="PaymentTerms"/> code, e.g. NET30.</summary>
    public required string TermsCode { get; set; }

    public CustomerStatus Status { get; set; }

    public long? GroupId { get; set; }

    public CorporateGroup? Group { get; set; }

    public Address BillingAddress { get; set; } = new();

    public Address ShippingAddress { get; set; } = new();

    public List<Contact> Contacts { get; set; } = [];

    public List<CustomerSegment> Segments { get; set; } = [];

    public string? Notes { get; set; }

    /// <summary>Lower-case number, names and tax id, for case-insensitive search on every provider.</summary>
    public string SearchText { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every update.</summary>
    public int Version { get; set; }

    public void RefreshSearchText() =>
        SearchText = string.Join('|', new[] { Number, LegalName, TradingName, TaxId, Email }.Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();
}

/// <summary>The model of customers, their corporate groups and segments.</summary>
internal static class CustomerModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<CorporateGroup>(e =>
        {
            e.ToTable("corporate_groups");
            e.HasIndex(g => g.Code).IsUnique();
            e.Property(g => g.Code).HasMaxLength(64);
            e.Property(g => g.Name).HasMaxLength(200);
            e.HasOne(g => g.Parent).WithMany().HasForeignKey(g => g.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Segment>(e =>
        {
            e.ToTable("segments");
            e.HasIndex(s => new { s.Dimension, s.Code }).IsUnique();
            e.Property(s => s.Dimension).HasMaxLength(64);
            e.Property(s => s.Code).HasMaxLength(64);
            e.Property(s => s.Name).HasMaxLength(200);
        });

        builder.Entity<CustomerSegment>(e =>
        {
            e.ToTable("customer_segments");
            e.HasKey(cs => new { cs.CustomerId, cs.SegmentId });
            e.HasOne(cs => cs.Segment).WithMany().HasForeignKey(cs => cs.SegmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(cs => cs.SegmentId);
        });

        builder.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.HasIndex(c => c.Number).IsUnique();
            e.HasIndex(c => c.GroupId);
            e.HasIndex(c => c.TaxId);
            e.Property(c => c.Number).HasMaxLength(64);
            e.Property(c => c.LegalName).HasMaxLength(200);
            e.Property(c => c.TradingName).HasMaxLength(200);
            e.Property(c => c.TaxId).HasMaxLength(64);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.TermsCode).HasMaxLength(32);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.OwnsOne(c => c.BillingAddress, a => ConfigureAddress(a, "billing"));
            e.OwnsOne(c => c.ShippingAddress, a => ConfigureAddress(a, "shipping"));
            e.OwnsMany(c => c.Contacts, c => c.ToJson("contacts"));
            e.HasOne(c => c.Group).WithMany().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Segments).WithOne().HasForeignKey(cs => cs.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>The area's enums, stored as strings.</summary>
    public static void Conventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<CustomerStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    private static void ConfigureAddress<T>(OwnedNavigationBuilder<T, Address> a, string prefix)
        where T : class
    {
        a.Property(x => x.Line1).HasColumnName(prefix + "_line1").HasMaxLength(200);
        a.Property(x => x.Line2).HasColumnName(prefix + "_line2").HasMaxLength(200);
        a.Property(x => x.City).HasColumnName(prefix + "_city").HasMaxLength(100);
        a.Property(x => x.Region).HasColumnName(prefix + "_region").HasMaxLength(100);
        a.Property(x => x.PostalCode).HasColumnName(prefix + "_postal_code").HasMaxLength(20);
        a.Property(x => x.Country).HasColumnName(prefix + "_country").HasMaxLength(2);
    }
}
