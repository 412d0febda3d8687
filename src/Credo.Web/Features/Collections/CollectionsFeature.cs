using Credo.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credo.Web.Features.Collections;

/// <summary>Collections: dunning policy and runs, promises and plans, the collector's worklist and timeline.</summary>
internal static class CollectionsFeature
{
    /// <summary>Work the collections: log contacts, record promises, snooze (collectors, credit managers, admins).</summary>
    public const string WorkPolicy = "CollectionsWork";

    /// <summary>Run dunning, publish dunning policies, set assignment rules (credit managers and admins).</summary>
    public const string ManagePolicy = "CollectionsManage";

    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(WorkPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.Collector))
            .AddPolicy(ManagePolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager));
        services.AddOptions<CollectionsOptions>().BindConfiguration(CollectionsOptions.Section);
        services.AddHostedService<DunningPolicySeeding>();
        services.AddSingleton<DailyDunning>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyDunning>());
        return services
            .AddScoped<DunningPolicies>()
            .AddScoped<SettlePromises>()
            .AddScoped<PreviewDunning>()
            .AddScoped<RunDunning>()
            .AddScoped<IDunningLedger, LedgerDunningCharges>()
            .AddScoped<DunningLetter>()
            .AddScoped<ReadLetter>()
            .AddScoped<BacktestDunning>()
            .AddScoped<AgencyExport>()
            .AddScoped<DunningExport>()
            .AddScoped<ReadStatementLink>()
            .AddScoped<RecordPromise>()
            .AddScoped<RecordPaymentPlan>()
            .AddScoped<CancelPromise>()
            .AddScoped<ListPromises>()
            .AddScoped<LogContact>()
            .AddScoped<SnoozeCustomer>()
            .AddScoped<Timeline>()
            .AddScoped<Worklist>()
            .Replace(ServiceDescriptor.Scoped<Analytics.IPromiseHistory, PromiseHistory>()) // payment behaviour's port: promises kept and broken
            .AddScoped<AssignCollectors>()
            .AddScoped<ICaseLedger, LedgerCasePosting>()
            .AddScoped<Ledger.IPaymentFollowUp, DeductionFromPayment>()
            .AddScoped<OpenCase>()
            .AddScoped<Ledger.IDisputeIntake, CaseIntake>()
            .AddScoped<EscalateCustomer>()
            .AddScoped<SendStatement>()
            .AddScoped<MoveCase>()
            .AddScoped<AddCaseNote>()
            .AddScoped<ListCases>();
    }

    public static void MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/collections").WithTags("Collections").RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/policy", DunningPolicies.GetEndpoint).WithSummary("The dunning policy in force (levels, quiet period, tolerance, languages).");
        api.MapPost("/policy", DunningPolicies.PublishEndpoint).RequireAuthorization(ManagePolicy).WithSummary("Publish a new dunning policy version, validated first.");
        api.MapGet("/policy/backtest", BacktestDunning.Endpoint).WithSummary("Replays the last five dunning policy versions day by day over history (from, through; 90 days by default): how many messages each would have sent, at which levels, and to whom.");
        api.MapPost("/policy/backtest", BacktestDunning.DraftEndpoint).RequireAuthorization(ManagePolicy).WithSummary("Replays a draft dunning policy (not stored; validated as publishing would) beside the version in force over the same history, and says what differs.");
        api.MapPost("/agency-exports", AgencyExport.Endpoint).RequireAuthorization(ManagePolicy).WithSummary("Hand customers over to a collection agency: a CSV of their overdue items with contact data, recorded as an event and on each customer's timeline.");
        api.MapGet("/dunning/preview", PreviewDunning.Endpoint).WithSummary("Who gets which reminder and why, and who is left out and why, as of a date (nothing is sent).");
        api.MapGet("/worklist", Worklist.Endpoint).WithSummary("A collector's queue ranked by a transparent score, with the reasons for each rank (queue: mine, all, unassigned or a collector's email; collectors always get their own).");
        api.MapGet("/customers/{number}/timeline", Timeline.Endpoint).WithSummary("Every call, note, reminder, promise and dispute of a customer, newest first.");
        api.MapPost("/customers/{number}/contacts", LogContact.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Log a call with its outcome, or a note.");
        api.MapPost("/customers/{number}/escalations", EscalateCustomer.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Escalate a customer to a credit manager with a reason (audited, on the timeline, raised on the worklist).");
        api.MapPost("/customers/{number}/statements", SendStatement.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Email the customer's payables contact a statement of what is open, with a link to it; on the timeline.");
        api.MapPost("/customers/{number}/snooze", SnoozeCustomer.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Take a customer off the worklist until a date.");
        api.MapGet("/assignments", AssignCollectors.ListEndpoint).WithSummary("Assignment rules: which collector works which customers.");
        api.MapPost("/assignments", AssignCollectors.SetEndpoint).RequireAuthorization(ManagePolicy).WithSummary("Assign a customer, group or segment to a collector.");
        api.MapDelete("/assignments/{id:long}", AssignCollectors.RemoveEndpoint).RequireAuthorization(ManagePolicy).WithSummary("Remove an assignment rule.");
        api.MapGet("/customers/{number}/promises", ListPromises.Endpoint).WithSummary("A customer's promises to pay and plan instalments, newest first, with their status.");
        api.MapPost("/customers/{number}/promises", RecordPromise.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Record a promise to pay (date, amount, invoices, channel); its invoices leave dunning while it is open.");
        api.MapPost("/customers/{number}/payment-plans", RecordPaymentPlan.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Record a payment plan: the amount split into promised instalments; no reminders while it is active.");
        api.MapPost("/customers/{number}/promises/check", ListPromises.CheckEndpoint).RequireAuthorization(WorkPolicy).WithSummary("Mark the customer's open promises kept or broken from the ledger today.");
        api.MapPost("/promises/{id:long}/cancel", CancelPromise.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Cancel an open promise with a reason; its invoices are chased again.");
        api.MapGet("/cases", ListCases.Endpoint).WithSummary("Dispute and deduction cases, soonest due first (status: open, resolved or all; customer; owner: an email or mine).");
        api.MapGet("/cases/{id:long}", ListCases.OneEndpoint).WithSummary("One case with its notes, attachments and the events it can take next.");
        api.MapGet("/cases/{id:long}/attachments/{attachmentId:long}", ListCases.AttachmentEndpoint).WithSummary("An attachment of a case, as uploaded.");
        api.MapPost("/cases", OpenCase.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Open a dispute case on an invoice (reason, disputed part, message, owner); its disputed part leaves dunning.");
        api.MapPost("/cases/{id:long}/notes", AddCaseNote.Endpoint).RequireAuthorization(WorkPolicy).WithSummary("Add a note to a case (optionally shown to the buyer).");
        api.MapPost("/cases/{id:long}/events", MoveCase.Endpoint).RequireAuthorization(WorkPolicy).Idempotent()
            .WithSummary("Move a case on: investigate, ask-customer, customer-answered, or resolve (resolve-by-credit-note posts a credit note, write-off a write-off through the ledger; write-off needs the corrections role).");
        api.MapGet("/messages/{id:long}/letter", ReadLetter.Endpoint).WithSummary("A dunning letter as sent (PDF).");
        api.MapPost("/dunning/runs", RunDunning.Endpoint).RequireAuthorization(ManagePolicy).WithSummary("Run dunning now: messages are stored and queued; a rerun on the same day sends nothing twice.");
    }
}
