using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// The one database context. <see cref="SqliteCreditDb"/> and <see cref="PostgresCreditDb"/> exist only so that
/// each provider has its own migration set; the model is the same. Each area's entities and model are in
/// Data/&lt;Area&gt;Entities.cs. A save has hidden effects: the audit trail (<see cref="SaveChangesAsync(bool, CancellationToken)"/>)
/// and the credit exposure following the ledger (the interceptors registered in CreditFeature.AddCredit).
/// </summary>
internal abstract class CreditDb(DbContextOptions options, ICurrentActor actor, TimeProvider clock, LedgerSeal seal) : IdentityDbContext<CreditUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and antiforgery keys, shared by every app instance on the same database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public ICurrentActor Actor { get; } = actor;

    public TimeProvider Clock { get; } = clock;

    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Seals ledger entries as they are written (issue 12 §2); the bulk import writer uses it too.</summary>
    public LedgerSeal LedgerSeal { get; } = seal;

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

    // ---- cash application (issue 15 §3, branch cashspeed): remittance advices kept until their money arrives ----
    public DbSet<RemittanceAdviceRecord> RemittanceAdvices => Set<RemittanceAdviceRecord>();

    public DbSet<BankLineDecision> BankLineDecisions => Set<BankLineDecision>();

    public DbSet<PayerHint> PayerHints => Set<PayerHint>();

    // ---- end cash application ----
    // ---- cash application across currencies (issue 15, cashfx): entity and model in CashExchangeEntities.cs ----
    public DbSet<BankLineExchange> BankLineExchanges => Set<BankLineExchange>();

    // ---- end cash application across currencies ----
    // ---- analytics (issue 13): entities and model in AnalyticsEntities.cs ----
    public DbSet<AgingBucketSetEntry> AgingBucketSets => Set<AgingBucketSetEntry>();

    public DbSet<PredictionModelEntry> PredictionModels => Set<PredictionModelEntry>();

    public DbSet<ForecastWeekEntry> ForecastWeeks => Set<ForecastWeekEntry>();

    public DbSet<AgingSnapshotEntry> AgingSnapshots => Set<AgingSnapshotEntry>(); // month-end aging snapshots (issue 13 §9)

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

    public DbSet<DisputeCase> DisputeCases => Set<DisputeCase>();

    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();

    public DbSet<CaseAttachment> CaseAttachments => Set<CaseAttachment>();

    // ---- end collections ----
    // ---- buyer portal (issue 16): entities and model in PortalEntities.cs ----
    public DbSet<BuyerUser> BuyerUsers => Set<BuyerUser>();

    public DbSet<BuyerGrant> BuyerGrants => Set<BuyerGrant>();

    public DbSet<BuyerInvitation> BuyerInvitations => Set<BuyerInvitation>();

    public DbSet<PaymentRequest> PaymentRequests => Set<PaymentRequest>();

    public DbSet<PaymentRequestItem> PaymentRequestItems => Set<PaymentRequestItem>();

    public DbSet<PaymentProviderEvent> PaymentProviderEvents => Set<PaymentProviderEvent>();

    public DbSet<PaymentRefund> PaymentRefunds => Set<PaymentRefund>(); // portal (issue 16): refunds posted, once per refund id

    public DbSet<WaitingRefund> WaitingRefunds => Set<WaitingRefund>(); // portal (issue 16): refunds reported before the payment posted, kept to post then

    public DbSet<PortalQuestion> PortalQuestions => Set<PortalQuestion>();

    public DbSet<PortalMessage> PortalMessages => Set<PortalMessage>();

    // ---- end buyer portal ----
    // ---- scheduled job runs (issue 17 §4): entity and model in JobEntities.cs ----
    public DbSet<JobRun> JobRuns => Set<JobRun>();

    // ---- end scheduled job runs ----
    // ---- collections assist (issue 14 §6): entities and model in ReplyEntities.cs ----
    public DbSet<InboundReply> InboundReplies => Set<InboundReply>();

    public DbSet<AssistExchange> AssistExchanges => Set<AssistExchange>();

    // ---- end collections assist ----

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
    /// Saves, and records every audited change (who, when, what, before and after) in the same transaction; ledger
    /// entries are sealed before they are written (<see cref="Data.LedgerSeal"/>). The audit rows (captured ones, and
    /// those a use case added itself for a bulk move the tracker cannot see) wait for the commit of the transaction
    /// that <see cref="OwnedTransaction"/> opened, which links them into the hash chain (<see cref="AuditChain"/>)
    /// and writes them just before it commits; a rollback forgets them. In a transaction opened some other way they
    /// are linked and written at once.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (changes, written) = AuditTrail.Capture(ChangeTracker);
        if (changes.Count == 0 && written.Count == 0)
        {
            return await BareSave(acceptAllChangesOnSuccess, cancellationToken);
        }

        foreach (var change in changes)
        {
            if (change.Entry.Entity is LedgerEntry entry && change.Entry.State == EntityState.Added)
            {
                entry.Seal = LedgerSeal.Of(entry);
            }
        }

        foreach (var row in written)
        {
            Entry(row).State = EntityState.Detached; // written at the commit, linked with the rest
        }

        await using var tx = await OwnedTransaction.Begin(this, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        _pendingAudit.AddRange(written);
        _pendingAudit.AddRange(AuditTrail.ToEntries(changes, Actor.Name, UtcNow));
        if (_outermost is null)
        {
            await AppendAudit(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return saved;
    }

    /// <summary>
    /// creditpath (issue 17 §2): a save with nothing audited, outside a transaction, on SQLite takes its turn from the
    /// check writer for the whole save (its own transaction or single statement), as OwnedTransaction's BEGIN does.
    /// </summary>
    private async Task<int> BareSave(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        if (Provider != DatabaseProvider.Sqlite || Database.CurrentTransaction is not null || !ChangeTracker.HasChanges())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }

        using (await SqliteWriteTurns.For(Database.GetConnectionString()!).Take(ct))
        {
            HoldsTurn = true;
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            }
            finally
            {
                HoldsTurn = false;
            }
        }
    }

    /// <summary>True while a bare save holds its turn (its single statement then takes none of its own).</summary>
    internal bool HoldsTurn { get; private set; }

    private readonly List<AuditEntry> _pendingAudit = [];
    private OwnedTransaction? _outermost;

    internal void Opened(OwnedTransaction tx) => _outermost = tx;

    internal void Closed(OwnedTransaction tx)
    {
        if (ReferenceEquals(_outermost, tx))
        {
            _outermost = null;
            _pendingAudit.Clear();
        }
    }

    /// <summary>
    /// Links this transaction's audit rows into the chain and writes them: the chain's lock (PostgreSQL) is taken here,
    /// after every row lock the transaction needed, and released by the commit that follows.
    /// </summary>
    internal async Task AppendAudit(CancellationToken ct)
    {
        if (_pendingAudit.Count == 0)
        {
            return;
        }

        await AuditChain.Lock(this, ct);
        AuditChain.Link(await AuditChain.Head(this, ct), _pendingAudit);
        Audit.AddRange(_pendingAudit);
        _pendingAudit.Clear();
        await base.SaveChangesAsync(true, ct);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Enums are stored as strings; each area names its own (beside its entities).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        CustomerModel.Conventions(configurationBuilder);
        LedgerModel.Conventions(configurationBuilder);
        ImportModel.Conventions(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each area's model lives beside its entities (Data/<Area>Entities.cs).
        CustomerModel.Configure(builder); // customers, corporate groups, segments
        LedgerModel.Configure(builder); // ledger entries, invoice lines, allocations, disputes
        AccessModel.Configure(builder); // API keys, idempotency records (staff users are Identity's)
        AuditModel.Configure(builder); // audit entries
        ImportModel.Configure(builder); // import batches and mappings
        OutboxModel.Configure(builder); // outbox messages
        CreditModel.Configure(builder); // credit lines (issue 3)
        ApplicationModel.Configure(builder); // applications (issue 4)
        PolicyModel.Configure(builder); // policy versions and decisions (issue 4)
        WorkflowModel.Configure(builder); // application workflow (issue 4, section 6)
        EvidenceModel.Configure(builder); // evidence (issue 4, branch evidence)
        WebhookModel.Configure(builder); // webhook subscriptions and attempts (issue 3, section 4)
        CashApplicationModel.Configure(builder); // cash application: bank statements, lines, decisions (issue 15)
        CashExchangeModel.Configure(builder); // cash application across currencies: a line's conversion (issue 15, cashfx)
        AnalyticsModel.Configure(builder); // analytics: saved aging bucket sets (issue 13)
        CollectionsModel.Configure(builder); // collections: dunning, promises, worklist (issue 14)
        PortalModel.Configure(builder); // buyer portal users, grants, invitations (issue 16)
        JobModel.Configure(builder); // scheduled job runs, one per job and period (issue 17 §4)
        ReplyModel.Configure(builder); // collections assist: inbound replies, language-model exchanges (issue 14 §6)
    }
}

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

internal sealed class SqliteCreditDb(DbContextOptions<SqliteCreditDb> options, ICurrentActor actor, TimeProvider clock, LedgerSeal seal) : CreditDb(options, actor, clock, seal)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

internal sealed class PostgresCreditDb(DbContextOptions<PostgresCreditDb> options, ICurrentActor actor, TimeProvider clock, LedgerSeal seal) : CreditDb(options, actor, clock, seal)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
