using Credo.Web.Features.Exports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Features.Imports;

internal static class ImportsFeature
{
    /// <summary>Largest upload the API accepts (512 MiB: about 5 million invoice rows).</summary>
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public static IServiceCollection AddImports(this IServiceCollection services) =>
        services.AddScoped<ImportFile>().AddScoped<Mappings>().AddScoped<PreviewImport>().AddSingleton<ImportProgress>().AddSingleton<BackgroundImports>().AddExports();

    public static void MapImportsApi(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization(AccessPolicies.Imports);
        imports.MapPost("/{kind}", ImportEndpoints.Import)
            .DisableAntiforgery() // the framework's check would refuse API-key clients too; the filter below checks cookie callers only
            .AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUploadBytes })
            .WithSummary("Import a CSV file (multipart: file, mapping JSON or mappingName, partial).");
        imports.MapGet("/{id:long}", ImportEndpoints.Status).WithSummary("An import's status, progress and report.");
        imports.MapGet("/{id:long}/errors.csv", ImportErrors.CsvEndpoint).WithSummary("Every problem of an import as CSV: line, field, reason.");
        imports.MapGet("/", ImportEndpoints.Recent).WithSummary("The latest imports.");

        var mappings = app.MapGroup("/api/import-mappings").WithTags("Imports").RequireAuthorization(AccessPolicies.Imports);
        mappings.MapGet("/", Mappings.ListEndpoint);
        mappings.MapGet("/{name}", Mappings.GetEndpoint);
        mappings.MapPut("/{name}", Mappings.PutEndpoint).WithSummary("Create or replace a saved mapping (body: the mapping JSON).");

        app.MapExportsApi();
    }
}
