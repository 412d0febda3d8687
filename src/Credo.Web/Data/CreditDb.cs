using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// The one database context. <see cref="SqliteCreditDb"/> and <see cref="PostgresCreditDb"/> exist only so that
/// each provider has its own migration set; the model is the same.
/// </summary>
internal abstract class CreditDb(DbContextOptions options, ICurrentActor actor, TimeProvider clock) : IdentityDbContext<CreditUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and antiforgery keys, shared by every app instance on the same database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public ICurrentActor Actor { get; } = actor;

    public TimeProvider Clock { get; } = clock;

    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CorporateGroup> Groups => Set<CorporateGroup>();

    public DbSet<Segment> Segments => Set<Segment>();

    public DbSet<CustomerSegment> CustomerSegments => Set<CustomerSegment>();

    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<AllocationEntry> Allocations => Set<AllocationEntry>();

    public DbSet<Dispute> Disputes => Set<Dispute>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();

    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    // ---- credit lines (issue 3): entities and model in CreditEntities.cs ----
    public DbSet<CreditLine> CreditLines => Set<CreditLine>();

    public DbSet<CreditLineChange> CreditLineChanges => Set<CreditLineChange>();

    public DbSet<ExchangeRateEntry> ExchangeRates => Set<ExchangeRateEntry>();

    public DbSet<CreditReservation> CreditReservations => Set<CreditReservation>();

    public DbSet<CreditReservationLine> CreditReservationLines => Set<CreditReservationLine>();

    public DbSet<CreditBlockRule> CreditBlockRules => Set<CreditBlockRule>();

    // ---- end credit lines ----

    // ---- applications (issue 4): entities and model in ApplicationEntities.cs ----
    public DbSet<ApplicationTemplate> ApplicationTemplates => Set<ApplicationTemplate>();

    public DbSet<CreditApplication> Applications => Set<CreditApplication>();

    public DbSet<ApplicationDocument> ApplicationDocuments => Set<ApplicationDocument>();

    public DbSet<ApplicationEvent> ApplicationEvents => Set<ApplicationEvent>();

    // ---- end applications ----

    // ---- policy (issue 4, section 4): entities and model in PolicyEntities.cs ----
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

    public DbSet<PolicyDecisionRecord> PolicyDecisions => Set<PolicyDecisionRecord>();

    // ---- end policy ----
    // ---- application workflow (issue 4, section 6): entities and model in WorkflowEntities.cs ----
    public DbSet<ApplicationAssessment> ApplicationAssessments => Set<ApplicationAssessment>();

    public DbSet<ApplicationApproval> ApplicationApprovals => Set<ApplicationApproval>();

    // ---- end application workflow ----
    // ---- evidence (issue 4, branch evidence): entities and model in EvidenceEntities.cs ----
    public DbSet<BureauPull> BureauPulls => Set<BureauPull>();

    public DbSet<FinancialStatement> FinancialStatements => Set<FinancialStatement>();

    public DbSet<ReferenceRequest> ReferenceRequests => Set<ReferenceRequest>();

    public DbSet<ApplicationIdentifier> ApplicationIdentifiers => Set<ApplicationIdentifier>();

    // ---- end evidence ----
    // ---- webhooks (issue 3, section 4): entities and model in WebhookEntities.cs ----
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    // ---- end webhooks ----
    // ---- cash application (issue 15): entities and model in CashApplicationEntities.cs ----
    public DbSet<SellerBankAccount> SellerBankAccounts => Set<SellerBankAccount>();

    public DbSet<BankStatementRecord> BankStatements => Set<BankStatementRecord>();

    public DbSet<BankLine> BankLines => Set<BankLine>();

    public DbSet<BankLineDecision> BankLineDecisions => Set<BankLineDecision>();

    public DbSet<PayerHint> PayerHints => Set<PayerHint>();

    // ---- end cash application ----
    // ---- analytics (issue 13): entities and model in AnalyticsEntities.cs ----
    public DbSet<AgingBucketSetEntry> AgingBucketSets => Set<AgingBucketSetEntry>();

    // ---- end analytics ----
    // ---- collections (issue 14): entities and model in CollectionsEntities.cs ----
    public DbSet<DunningPolicyVersion> DunningPolicyVersions => Set<DunningPolicyVersion>();

    public DbSet<DunningRun> DunningRuns => Set<DunningRun>();

    public DbSet<DunningMessage> DunningMessages => Set<DunningMessage>();

    public DbSet<DunningMessageItem> DunningMessageItems => Set<DunningMessageItem>();

    public DbSet<PaymentPlanRecord> PaymentPlans => Set<PaymentPlanRecord>();

    public DbSet<PaymentPromise> PaymentPromises => Set<PaymentPromise>();

    public DbSet<PromiseItem> PromiseItems => Set<PromiseItem>();

    public DbSet<CollectionActivity> CollectionActivities => Set<CollectionActivity>();

    public DbSet<CollectorRule> CollectorRules => Set<CollectorRule>();

    // ---- end collections ----
    // ---- buyer portal (issue 16): entities and model in PortalEntities.cs ----
    public DbSet<BuyerUser> BuyerUsers => Set<BuyerUser>();

    public DbSet<BuyerGrant> BuyerGrants => Set<BuyerGrant>();

    public DbSet<BuyerInvitation> BuyerInvitations => Set<BuyerInvitation>();

    public DbSet<PaymentRequest> PaymentRequests => Set<PaymentRequest>();

    public DbSet<PaymentRequestItem> PaymentRequestItems => Set<PaymentRequestItem>();

    public DbSet<PaymentProviderEvent> PaymentProviderEvents => Set<PaymentProviderEvent>();

    // ---- end buyer portal ----

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Whether anything has used this context yet. EF builds a context's internal services (a scope of some fifty
    /// services) on first use, and <see cref="DbContext.OnConfiguring"/> runs exactly then; a context nobody has
    /// touched has no transaction, so <c>db.Database.CurrentTransaction</c> need not be asked (asking builds them:
    /// the credit check's front door spent more on that than on the check).
    /// </summary>
    public bool InUse { get; private set; }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        InUse = true;
        base.OnConfiguring(optionsBuilder);
    }

    /// <summary>
    /// Saves, and records every audited change (who, when, what, before and after) in the same transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = AuditTrail.Capture(ChangeTracker);
        if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            Audit.AddRange(AuditTrail.ToEntries(changes, Actor.Name, UtcNow));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<EntryKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ItemState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CustomerStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DisputeStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ImportKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ImportStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        CreditModel.Configure(builder); // credit lines (issue 3)
        ApplicationModel.Configure(builder); // applications (issue 4)
        PolicyModel.Configure(builder); // policy versions and decisions (issue 4)
        WorkflowModel.Configure(builder); // application workflow (issue 4, section 6)
        EvidenceModel.Configure(builder); // evidence (issue 4, branch evidence)
        WebhookModel.Configure(builder); // webhook subscriptions and attempts (issue 3, section 4)
        CashApplicationModel.Configure(builder); // cash application: bank statements, lines, decisions (issue 15)
        AnalyticsModel.Configure(builder); // analytics: saved aging bucket sets (issue 13)
        CollectionsModel.Configure(builder); // collections: dunning, promises, worklist (issue 14)
        PortalModel.Configure(builder); // buyer portal users, grants, invitations (issue 16)

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

        builder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasIndex(x => new { x.Kind, x.Document }).IsUnique();
            // Statements and balances: customer and currency, in date order; AmountMinor last makes sums index-only.
            e.HasIndex(x => new { x.CustomerId, x.Currency, x.PostedOn, x.Id, x.AmountMinor });
            e.HasIndex(x => new { x.CustomerId, x.OpenMinor });
            // Only entries applied to an item (write-offs, adjustments, reversals) have one: invoices and payments stay
            // out of this index, which keeps bulk imports cheaper. "x IN (...)" and "x = y" imply IS NOT NULL on both providers.
            e.HasIndex(x => x.AppliesToId).HasFilter("\"AppliesToId\" IS NOT NULL");
            e.Property(x => x.Document).HasMaxLength(64);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.PoNumber).HasMaxLength(64);
            e.Property(x => x.ExternalRef).HasMaxLength(128);
            e.Property(x => x.Method).HasMaxLength(32);
            e.Property(x => x.TermsCode).HasMaxLength(32);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.Property(x => x.RecordedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(x => x.AppliesToId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<InvoiceLine>(e =>
        {
            e.ToTable("invoice_lines");
            e.HasIndex(l => new { l.EntryId, l.LineNo }).IsUnique();
            e.Property(l => l.Sku).HasMaxLength(64);
            e.Property(l => l.Description).HasMaxLength(500);
        });

        builder.Entity<AllocationEntry>(e =>
        {
            e.ToTable("allocations");
            e.HasIndex(a => a.CreditId);
            e.HasIndex(a => a.DebitId);
            e.HasIndex(a => a.CustomerId);
            e.HasIndex(a => a.ReversesId).IsUnique();
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.Reason).HasMaxLength(500);
            e.Property(a => a.RecordedBy).HasMaxLength(128);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.CreditId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.DebitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AllocationEntry>().WithMany().HasForeignKey(a => a.ReversesId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Dispute>(e =>
        {
            e.ToTable("disputes");
            e.HasIndex(d => new { d.EntryId, d.Status });
            e.HasIndex(d => d.CustomerId);
            e.Property(d => d.Reason).HasMaxLength(1000);
            e.Property(d => d.Resolution).HasMaxLength(1000);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(d => d.EntryId).OnDelete(DeleteBehavior.Restrict);
        });

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

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasIndex(a => new { a.Entity, a.EntityId });
            e.HasIndex(a => a.AtUtc);
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(200);
        });

        builder.Entity<ImportBatch>(e =>
        {
            e.ToTable("import_batches");
            e.HasIndex(b => b.FileSha256);
            e.Property(b => b.FileName).HasMaxLength(260);
            e.Property(b => b.FileSha256).HasMaxLength(64);
            e.Property(b => b.MappingName).HasMaxLength(100);
            e.Property(b => b.StartedBy).HasMaxLength(200);
        });

        builder.Entity<ImportMapping>(e =>
        {
            e.ToTable("import_mappings");
            e.HasIndex(m => m.Name).IsUnique();
            e.Property(m => m.Name).HasMaxLength(100);
        });

        builder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasIndex(m => m.DeliveredAtUtc);
            e.Property(m => m.Topic).HasMaxLength(100);
        });
    }

    private static void ConfigureAddress<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder<T, Address> a, string prefix)
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

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

internal sealed class SqliteCreditDb(DbContextOptions<SqliteCreditDb> options, ICurrentActor actor, TimeProvider clock) : CreditDb(options, actor, clock)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

internal sealed class PostgresCreditDb(DbContextOptions<PostgresCreditDb> options, ICurrentActor actor, TimeProvider clock) : CreditDb(options, actor, clock)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
