using Credo.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Infrastructure;

/// <summary>
/// The one place where expected refusals become HTTP: every refusal is ProblemDetails with a stable
/// <c>type</c> (<see cref="TypeBase"/> + code) and, where there is one, the <c>field</c> at fault.
/// </summary>
internal static class Problems
{
    public const string TypeBase = "https://credo.dev/problems/";

    public static IResult ToProblem(this DomainError error) => Problem(error.Code, error.Message, StatusFor(error), error.Field);

    public static IResult Problem(string code, string detail, int status, string? field = null, IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (field is not null)
        {
            ext["field"] = field;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: Title(code), type: TypeBase + code, extensions: ext);
    }

    public static IResult Validation(string field, string reason) => Problem("validation", reason, StatusCodes.Status400BadRequest, field);

    public static IResult NotFound(string what, string key) => new Credo.Domain.Common.NotFound(what, key).ToProblem();

    public static int StatusFor(DomainError error) => error switch
    {
        ValidationFailed => StatusCodes.Status400BadRequest,
        Credo.Domain.Common.NotFound => StatusCodes.Status404NotFound,
        _ => error.Code switch
        {
            "idempotency-key-reused" => StatusCodes.Status422UnprocessableEntity,
            "validation" => StatusCodes.Status400BadRequest,
            "not-found" => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        },
    };

    private static string Title(string code) =>
        code.Length == 0 ? "Error" : char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' ');

    public static IServiceCollection AddCredoProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (ctx.ProblemDetails.Status == StatusCodes.Status500InternalServerError)
            {
                // No internals: the trace id finds the exception in the log.
                ctx.ProblemDetails.Detail = "An unexpected error occurred. Quote the trace id when reporting it.";
                ctx.ProblemDetails.Type = TypeBase + "internal";
            }
            else if (ctx.ProblemDetails.Type is null or { Length: 0 } || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                ctx.ProblemDetails.Type = TypeBase + (ctx.ProblemDetails.Status switch
                {
                    StatusCodes.Status401Unauthorized => "unauthorized",
                    StatusCodes.Status403Forbidden => "forbidden",
                    StatusCodes.Status404NotFound => "not-found",
                    StatusCodes.Status400BadRequest => "bad-request",
                    StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                    _ => "error",
                });
            }
        });
        return services;
    }

    /// <summary>Malformed JSON and wrong value types become a 400 problem naming the field, not a 500.</summary>
    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = async ctx =>
            {
                var feature = ctx.Features.Get<IExceptionHandlerFeature>();
                var writer = ctx.RequestServices.GetRequiredService<IProblemDetailsService>();
                if (feature?.Error is BadHttpRequestException bad)
                {
                    var inner = bad.InnerException as System.Text.Json.JsonException;
                    var field = inner?.Path?.TrimStart('$', '.');
                    var problem = new ProblemDetails
                    {
                        Status = bad.StatusCode,
                        Type = TypeBase + "malformed-request",
                        Title = "Malformed request",
                        Detail = inner?.Message ?? bad.Message,
                    };
                    if (!string.IsNullOrEmpty(field))
                    {
                        problem.Extensions["field"] = field;
                    }

                    ctx.Response.StatusCode = bad.StatusCode;
                    await writer.WriteAsync(new ProblemDetailsContext { HttpContext = ctx, ProblemDetails = problem });
                    return;
                }

                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await writer.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx,
                    ProblemDetails = new ProblemDetails { Status = 500, Title = "Internal error" },
                });
            },
        });
}
