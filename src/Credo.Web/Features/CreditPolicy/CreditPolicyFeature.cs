using Credo.Web.Features.Applications;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>Credit policy versions, the automatic decision (ICreditDecider), replay, backtest and internal-history facts.</summary>
internal static class CreditPolicyFeature
{
    /// <summary>Create, edit and publish policy versions (credit managers and admins).</summary>
    public const string WritePolicy = "PolicyWrite";

    /// <summary>Validate, backtest and replay: read-only work that costs CPU (analysts, managers, admins).</summary>
    public const string ReviewPolicy = "PolicyReview";

    public static IServiceCollection AddPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager))
            .AddPolicy(ReviewPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst));
        services.AddSingleton<PolicyCache>();
        services.AddHostedService<PolicySeeding>();
        return services
            .AddScoped<ICreditDecider, DecideCredit>()
            .AddScoped<DecideCredit>()
            .AddScoped<ListPolicies>()
            .AddScoped<SaveDraft>()
            .AddScoped<ValidatePolicy>()
            .AddScoped<PublishPolicy>()
            .AddScoped<RunBacktest>()
            .AddScoped<ReplayDecisions>()
            .AddScoped<GetDecision>()
            .AddScoped<SeedDefaultPolicy>();
    }

    public static void MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/policies").WithTags("Policies").RequireAuthorization(AccessPolicies.Read);
        policies.MapGet("/", ListPolicies.ListEndpoint).WithSummary("Policy versions, newest first, with who published them and when.");
        policies.MapGet("/{number:int}", ListPolicies.GetEndpoint).WithSummary("A policy version with its definition.");
        policies.MapPost("/", SaveDraft.CreateEndpoint).RequireAuthorization(WritePolicy).WithSummary("Create a draft (a copy of the published version unless a definition is given).");
        policies.MapPut("/{number:int}", SaveDraft.UpdateEndpoint).RequireAuthorization(WritePolicy).WithSummary("Edit a draft (published and retired versions never change).");
        policies.MapPost("/{number:int}/validation", ValidatePolicy.Endpoint).RequireAuthorization(ReviewPolicy).WithSummary("Every problem that would stop the version being published.");
        policies.MapPost("/{number:int}/publication", PublishPolicy.Endpoint).RequireAuthorization(WritePolicy).WithSummary("Validate and publish a draft; the published version is retired.");
        policies.MapPost("/{number:int}/backtest", RunBacktest.Endpoint).RequireAuthorization(ReviewPolicy).WithSummary("What the version would change against the published one, over historical applications and the current book.");

        var decisions = app.MapGroup("/api/decisions").WithTags("Policies").RequireAuthorization(AccessPolicies.Read);
        decisions.MapGet("/{id:long}", GetDecision.Endpoint).WithSummary("A stored decision: version, facts snapshot, scorecard, rules fired, outcome.");
        decisions.MapPost("/replay", ReplayDecisions.Endpoint).RequireAuthorization(ReviewPolicy).WithSummary("Re-evaluate stored decisions with their stored version and facts; report any that differ.");
    }
}
