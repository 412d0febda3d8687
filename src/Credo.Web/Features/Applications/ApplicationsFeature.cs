using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Applications;

/// <summary>
/// The application workflow: the automatic path after submission (<see cref="IApplicationSubmitted"/>), people's
/// review and decisions, approval effects, and existing customers' limit increases and reviews. The evidence
/// gatherer and the credit decider are other slices' (<see cref="IEvidenceGatherer"/>, <see cref="ICreditDecider"/>).
/// </summary>
internal static class ApplicationsFeature
{
    /// <summary>Review work: assign, notes, requests for information, approve, decline, re-assess, withdraw, open reviews (analysts and above).</summary>
    public const string ReviewPolicy = "ApplicationsReview";

    /// <summary>Overrides against the policy (managers). The second four-eyes approval is checked by role in the use case.</summary>
    public const string OverridePolicy = "ApplicationsOverride";

    public static IServiceCollection AddApplicationWorkflow(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ReviewPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst))
            .AddPolicy(OverridePolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager));
        services.AddOptions<ApplicationOptions>().BindConfiguration("Applications");
        services.AddScoped<AssessApplication>();
        services.AddScoped<IApplicationSubmitted>(sp => sp.GetRequiredService<AssessApplication>());
        return services.AddScoped<ApproveApplication>().AddScoped<DeclineApplication>().AddScoped<DeclineCustomerRequest>().AddScoped<OverrideDecision>().AddScoped<ReviewApplication>()
            .AddScoped<FindApplications>().AddScoped<OpenCustomerApplication>().AddScoped<ReviewsDue>().AddScoped<RequestHumanReview>();
    }

    public static void MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/", FindApplications.ListEndpoint).WithSummary("The queue: filter by status, kind, assignee ('-' for nobody), minimum age in days, open only; with counts per status.");
        api.MapGet("/reviews-due", ReviewsDue.Endpoint).WithSummary("Customers whose credit line review date has come (or comes within withinDays).");
        api.MapGet("/{reference}", FindApplications.GetEndpoint).WithSummary("An application with its answers, documents, latest assessment, approvals and history.");
        api.MapPost("/customer-requests", OpenCustomerApplication.Endpoint).RequireAuthorization(ReviewPolicy).WithSummary("Open a limit increase or periodic review for an existing customer; it is assessed at once.");

        var one = api.MapGroup("/{reference}").RequireAuthorization(ReviewPolicy);
        one.MapPost("/assignment", ReviewApplication.AssignEndpoint).WithSummary("Take (or assign) a referred case; it moves to in review.");
        one.MapPost("/notes", ReviewApplication.NoteEndpoint).WithSummary("Add a note to the history.");
        one.MapPost("/information-request", ReviewApplication.RequestInformationEndpoint).WithSummary("Ask the applicant for more (emailed with a resume link); the case waits in review.");
        one.MapPost("/information-received", ReviewApplication.InformationReceivedEndpoint).WithSummary("The answer arrived another way: record it and assess again.");
        one.MapPost("/referral", ReviewApplication.ReferEndpoint).WithSummary("Put an in-review case back in the queue.");
        one.MapPost("/reassessment", ReviewApplication.ReassessEndpoint).WithSummary("Gather the evidence and run the policy again.");
        one.MapPost("/approval", ApproveApplication.Endpoint).WithSummary("Approve with limit and terms (four-eyes above the threshold: a second, different approver who is a manager).");
        one.MapPost("/decline", DeclineApplication.Endpoint).WithSummary("Decline with reasons: a new applicant is emailed them with a way to ask for a human review; an existing customer keeps its limit and gets its next review date.");
        one.MapPost("/withdrawal", ReviewApplication.WithdrawEndpoint).WithSummary("Withdraw for the applicant, with the reason.");
        one.MapPost("/override", OverrideDecision.Endpoint).RequireAuthorization(OverridePolicy).WithSummary("Approve or decline against the policy, with a mandatory reason (managers).");
    }
}
