using System.Threading.RateLimiting;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Application templates (versioned data, import/export, publish) and the public application form at
/// /apply/{templateKey} (Razor Pages under Pages/Apply): start with an email, save and resume, verify the email,
/// upload documents, sign and submit.
/// </summary>
internal static class ApplicationFormsFeature
{
    /// <summary>Who may manage templates.</summary>
    public static readonly string[] TemplateRoles = [Roles.Admin, Roles.CreditManager];

    /// <summary>Who may read owners' and guarantors' personal data.</summary>
    public static readonly string[] PersonalDataRoles = [Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst];

    public static IServiceCollection AddApplicationForms(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ApplicationFormOptions>(config.GetSection(ApplicationFormOptions.Section));
        services.AddSingleton<ApplicantSecrets>();
        services.AddScoped<ImportTemplate>().AddScoped<PublishTemplate>().AddScoped<ApplicantDrafts>().AddScoped<StartApplication>()
            .AddScoped<SaveApplicationAnswers>().AddScoped<VerifyApplicantEmail>().AddScoped<UploadApplicationDocument>()
            .AddScoped<SubmitApplication>().AddScoped<ReadPersonalData>();
        services.AddHostedService<SeedDefaultTemplate>();
        services.AddRateLimiter(o =>
        {
            var perMinute = config.GetValue($"{ApplicationFormOptions.Section}:PostsPerMinutePerIp", new ApplicationFormOptions().PostsPerMinutePerIp);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                IsPublicFormPost(ctx.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "apply:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    "Too many requests from your network address. Please wait a minute and try again; nothing you saved is lost.", ct);
            };
        });
        return services;
    }

    /// <summary>
    /// The applicant's anonymous posts an attacker could repeat: start, save, verify, upload and submit on the public
    /// form, and a declined applicant's request for a human review. (A referee's answer on /references has its own
    /// per-IP limit in the evidence feature, References:AnswersPerMinute.)
    /// </summary>
    public static bool IsPublicFormPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/apply", StringComparison.OrdinalIgnoreCase)
            || (request.Path.StartsWithSegments("/applications", StringComparison.OrdinalIgnoreCase)
                && request.Path.Value!.EndsWith("/human-review", StringComparison.OrdinalIgnoreCase)));

    public static void MapApplicationFormsApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/application-templates").WithTags("Application templates")
            .RequireAuthorization(p => p.RequireRole(TemplateRoles));
        templates.MapGet("/", ReadTemplates.ListEndpoint).WithSummary("Every template version, newest first per key.");
        templates.MapGet("/{key}/{version:int}", ReadTemplates.GetEndpoint).WithSummary("One template version with its definition.");
        templates.MapGet("/{key}/{version:int}/export", ReadTemplates.ExportEndpoint).WithSummary("A template version as a JSON file to import elsewhere.");
        templates.MapPost("/import", ImportTemplate.Endpoint).WithSummary("Save a definition as the next (unpublished) version of its key; refused with every problem by path.");
        templates.MapPost("/{key}/{version:int}/publish", PublishTemplate.Endpoint).WithSummary("Make a version the one the public link serves.");

        app.MapGet("/api/applications/{reference}/personal-data", ReadPersonalData.Endpoint).WithTags("Application templates")
            .RequireAuthorization(p => p.RequireRole(PersonalDataRoles))
            .WithSummary("Owners' and guarantors' personal data, decrypted; every read is audited.");
        app.MapGet("/api/applications/{reference}/uploads", DownloadApplicationDocument.ListEndpoint).WithTags("Application templates")
            .RequireAuthorization(p => p.RequireRole(PersonalDataRoles))
            .WithSummary("The documents the applicant uploaded (names are display-only).");
        app.MapGet("/api/applications/{reference}/uploads/{id:long}", DownloadApplicationDocument.FileEndpoint).WithTags("Application templates")
            .RequireAuthorization(p => p.RequireRole(PersonalDataRoles))
            .WithSummary("One uploaded document, as a download.");
    }
}
