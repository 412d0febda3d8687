using Credo.Web.Features.Outbox;
using Microsoft.AspNetCore.DataProtection;
using System.Text.Json.Serialization;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Applications;
using Credo.Web.Features.CashApplication;
using Credo.Web.Features.Collections;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Customers;
using Credo.Web.Features.Imports;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.CreditPolicy;
using Credo.Web.Features.Demo;
using Credo.Web.Features.Events;
using Credo.Web.Features.Evidence;
using Credo.Web.Features.Portal;
using Credo.Web.Features.Webhooks;
using Credo.Web.Features.Replies; // collections assist (issue 14 §6)
using Credo.Web.Features.Analytics; // analytics (issue 13)
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Credo.Web;

/// <summary>Composition root: the list of features, in one place.</summary>
internal static class CredoHost
{
    public static WebApplication Build(string[] args, ICurrentActor? cliActor = null)
    {
        // No watcher on the content root for appsettings changes: with the SQLite file below it (data/ by default),
        // every page the database writes woke the watcher's thread (inotify), for settings read only at start anyway.
        var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        AddPlatform(builder, cliActor);
        AddWebSurface(builder.Services);
        AddFeatures(builder);
        var app = builder.Build();
        UsePipeline(app);
        MapPlatform(app);
        MapFeatures(app);
        return app;
    }

    /// <summary>The database, the seller, start-up tasks, who is acting, keys, sign-in, problems and JSON.</summary>
    private static void AddPlatform(WebApplicationBuilder builder, ICurrentActor? cliActor)
    {
        var services = builder.Services;
        services.AddCredoDatabase(builder.Configuration);
        services.AddSeller(builder.Configuration);
        // First hosted service: migrations must run before anything reads the database at start (the data-protection
        // key ring is loaded by a hosted service that AddDataProtection registers).
        services.AddHostedService<StartupTasks>();
        services.AddSingleton<JobLease>(); // scheduled jobs run once per period, not once per instance (issue 17 §4)
        services.AddReadReplica(builder.Configuration); // reads on a replica, with a fallback to the primary (issue 17 §5, ADR 0022)
        services.AddHttpContextAccessor();
        if (cliActor is null)
        {
            services.AddScoped<ICurrentActor, HttpActor>();
        }
        else
        {
            services.AddSingleton(cliActor);
        }

        // Keys in the database: several instances on one PostgreSQL share sign-in cookies and antiforgery tokens. Each
        // key is sealed with the master key kept outside the database (ADR 0017), so a database copy cannot forge them.
        services.AddDataProtection().PersistKeysToDbContext<CreditDb>().SetApplicationName("Credo");
        services.AddSingleton<MasterKey>();
        services.EncryptKeyRingWithMasterKey();
        services.AddCredoAuth();
        services.AddCredoProblems();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            StrictJson.Apply(o.SerializerOptions); // issue 12: exact numbers, sane dates, clean bounded text, no duplicate keys
            o.SerializerOptions.Converters.Add(new UtcTimestampJson()); // issue 12 §5: every timestamp ends in Z, created or read back (screens)
        });
    }

    /// <summary>OpenAPI, Razor Pages with each folder's authorization, antiforgery and health checks.</summary>
    private static void AddWebSurface(IServiceCollection services)
    {
        AddOpenApiDocument(services);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Team", AccessPolicies.Read);
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.AllowAnonymousToFolder("/Apply"); // the public application form (issue 4)
            o.Conventions.AuthorizeFolder("/Portal", PortalFeature.BuyerPolicy); // the buyer portal, buyer cookie only (issue 16)
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS (issue 12)
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ReadReplicaHealthCheck>(ReadsHealth.Name); // issue 17 §5: degraded while reads fall back to the primary
    }

    private static void AddOpenApiDocument(IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info = new OpenApiInfo
            {
                Title = "Credo API",
                Version = "v1",
                Description = "B2B credit management. Authenticate machines with the X-Api-Key header; amounts are decimal major units next to an ISO 4217 currency code.",
            };
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[ApiKeys.Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.Header,
                Description = "An API key created with `apikeys create --role ...`.",
            };
            return Task.CompletedTask;
        }));
    }

    /// <summary>The features, one line per slice (each branch adds its own line here).</summary>
    private static void AddFeatures(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCustomers();
        services.AddLedger();
        services.AddImports();
        services.AddDemo();
        services.AddAdmin();
        services.AddCredit();
        services.AddPolicies();
        services.AddApplicationWorkflow();
        services.AddApplicationForms(builder.Configuration);
        services.AddEmailDelivery(builder.Configuration);
        services.AddEvidence();
        services.AddWebhooks(builder.Configuration);
        services.AddCashApplication(builder.Configuration); // cash application (issue 15)
        services.AddAnalytics(builder.Configuration); // analytics (issue 13)
        services.AddCollections(); // collections (issue 14)
        services.AddReplies(); // collections assist: replies, reminder drafts, language model (issue 14 §6)
        services.AddPortal(); // buyer portal (issue 16)
    }

    /// <summary>The request pipeline: problems, security headers, error pages, static files, routing, rate limits, sign-in, antiforgery.</summary>
    private static void UsePipeline(WebApplication app)
    {
        app.UseBadRequestProblems();
        app.UseSecurityHeaders(); // issue 12: CSP, frame protection, nosniff on every response
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // over HTTPS only; localhost is excluded by the framework
        }

        app.UseStatusCodePages(async ctx =>
        {
            // People get a page in words; the API and machines keep ProblemDetails (issue 12).
            if (PeoplePages.IsForPeople(ctx.HttpContext))
            {
                await PeoplePages.Write(ctx.HttpContext, ctx.HttpContext.Response.StatusCode);
                return;
            }

            await ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>()
                .WriteAsync(new() { HttpContext = ctx.HttpContext, ProblemDetails = { Status = ctx.HttpContext.Response.StatusCode, Detail = UnsupportedMediaType.Explain(ctx.HttpContext) } }); // issue 12 §5: no bare 415 (screens)
        });
        app.UsePortalErrorPages(); // buyer portal (issue 16): readable 404/403 pages under /portal
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    /// <summary>The OpenAPI document and its viewer, health, and the pages.</summary>
    private static void MapPlatform(WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("Credo API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/reads", ReadsHealth.Options).AllowAnonymous(); // issue 17 §5: where reads are served from, in words
        app.MapRazorPages();
    }

    /// <summary>Each feature's API, one line per slice (each branch adds its own line here).</summary>
    private static void MapFeatures(WebApplication app)
    {
        app.MapCustomersApi();
        app.MapLedgerApi();
        app.MapImportsApi();
        app.MapAdminApi();
        app.MapEventsApi();
        app.MapCreditApi();
        app.MapPoliciesApi();
        app.MapApplicationsApi();
        app.MapApplicationFormsApi();
        app.MapEvidenceApi();
        app.MapWebhooksApi();
        app.MapCashApplicationApi(); // cash application (issue 15)
        app.MapAnalyticsApi(); // analytics (issue 13)
        app.MapCollectionsApi(); // collections (issue 14)
        app.MapRepliesApi(); // collections assist (issue 14 §6)
        app.MapPortalApi(); // buyer portal (issue 16)
    }
}
