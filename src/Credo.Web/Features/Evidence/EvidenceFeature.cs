using System.Threading.RateLimiting;
using Credo.Web.Features.Applications;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// Evidence for credit applications: bureau reports through a provider waterfall with a re-pull window, financial
/// statements with Altman Z'', trade and bank references answered through secret links, fraud checks, the bust-out
/// probation watch, and the <see cref="IEvidenceGatherer"/> the workflow calls.
/// </summary>
internal static class EvidenceFeature
{
    /// <summary>Record evidence (manual bureau reports, statements, references and their answers) and run gatherings, which may buy bureau reports.</summary>
    public const string RecordPolicy = "EvidenceRecord";

    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(RecordPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst));
        services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidation>();
        // No request logging: bureau URLs carry tax ids.
        services.AddHttpClient(HttpBureauProvider.ClientName).RemoveAllLoggers();
        services.AddSingleton<CustomerBook>();
        services.AddSingleton<ReferenceAnswerLimiter>();
        return services
            .AddScoped<BureauProviders>()
            .AddScoped<PullBureauReport>()
            .AddScoped<EnterBureauReport>()
            .AddScoped<EnterFinancialStatement>()
            .AddScoped<RequestReferences>()
            .AddScoped<AnswerReference>()
            .AddScoped<CheckFraud>()
            .AddScoped<WatchBustOut>()
            .AddScoped<InternalHistory>()
            .AddScoped<IEvidenceGatherer, GatherEvidence>();
    }

    public static void MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/evidence").WithTags("Evidence").RequireAuthorization(AccessPolicies.Read);
        api.MapPost("/applications/{reference}/gathering", GatherEvidence.Endpoint).RequireAuthorization(RecordPolicy)
            .WithSummary("Gather the application's evidence now (may pull a bureau report, within the re-pull window it reuses the last one).");
        api.MapGet("/applications/{reference}/fraud-signals", CheckFraud.Endpoint).WithSummary("Run the fraud checks on the application and show each signal with its evidence.");
        api.MapGet("/applications/{reference}/references", RequestReferences.ListEndpoint).WithSummary("The application's trade and bank references with their answers.");
        api.MapPost("/applications/{reference}/references", RequestReferences.AddEndpoint).RequireAuthorization(RecordPolicy)
            .WithSummary("Ask one more referee (emailed a secret answer link when an email is given).");
        api.MapPost("/applications/{reference}/references/{id:long}/answer", AnswerReference.ByAnalystEndpoint).RequireAuthorization(RecordPolicy)
            .WithSummary("Record a referee's answer heard by phone.");
        api.MapGet("/{kind}/{key}/bureau-reports", EnterBureauReport.ListEndpoint).WithSummary("Every bureau pull for the subject, newest first, with age, provider, outcome and cost.");
        api.MapPost("/{kind}/{key}/bureau-reports", EnterBureauReport.PostEndpoint).RequireAuthorization(RecordPolicy)
            .WithSummary("Enter a bureau report by hand (provider \"manual\"); kind is applications or customers.");
        api.MapGet("/{kind}/{key}/financial-statements", EnterFinancialStatement.ListEndpoint).WithSummary("Financial statements with ratios and Altman Z''.");
        api.MapPost("/{kind}/{key}/financial-statements", EnterFinancialStatement.PostEndpoint).RequireAuthorization(RecordPolicy)
            .WithSummary("Enter a period's figures.");
        api.MapPost("/{kind}/{key}/financial-statements/file", EnterFinancialStatement.UploadEndpoint).RequireAuthorization(RecordPolicy)
            .Accepts<string>("text/csv", "application/json")
            .WithSummary("Upload a period's figures as CSV (field,value lines or a header row) or JSON, at most 64 KiB.");
        api.MapGet("/bust-out-watch", WatchBustOut.Endpoint).WithSummary("Accounts on probation whose first orders rushed to the limit (all=true lists every account watched).");
    }
}

/// <summary>Refuses to start with a waterfall naming an unknown provider or an HTTP provider without a base URL, saying which.</summary>
internal sealed class EvidenceOptionsValidation : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var problems = BureauProviders.Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Fixed-window limit per client IP for the public reference answer page (its own limiter, so the host needs no rate-limiting middleware).</summary>
internal sealed class ReferenceAnswerLimiter(IOptions<EvidenceOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.References.AnswersPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(string? clientIp)
    {
        using var lease = limiter.AttemptAcquire(clientIp ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
