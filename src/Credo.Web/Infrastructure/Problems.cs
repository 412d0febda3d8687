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
        // Binding failures (malformed JSON, a wrong type) throw in every environment, so the handler below names the
        // field instead of a bare 400 outside Development.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
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

    /// <summary>
    /// Malformed JSON and wrong value types become a 400 problem naming the field and the position, not a bare 400
    /// (minimal APIs are told to throw on bad requests in every environment, see <see cref="AddCredoProblems"/>); a
    /// sum beyond 64 bits (checked arithmetic, SQLite's "integer overflow", a PostgreSQL total too large for a long)
    /// becomes a 422 <c>sum-out-of-range</c>, never a wrapped figure.
    /// </summary>
    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode
                : Refused(ex) is { } refusal ? StatusFor(refusal)
                : IsSumOverflow(ex) ? StatusCodes.Status422UnprocessableEntity
                : StatusCodes.Status500InternalServerError,
            ExceptionHandler = async ctx =>
            {
                var feature = ctx.Features.Get<IExceptionHandlerFeature>();
                var writer = ctx.RequestServices.GetRequiredService<IProblemDetailsService>();
                if (feature?.Error is BadHttpRequestException bad)
                {
                    ctx.Response.StatusCode = bad.StatusCode;
                    await writer.WriteAsync(new ProblemDetailsContext { HttpContext = ctx, ProblemDetails = Malformed(bad) });
                    return;
                }

                if (Refused(feature?.Error) is { } refusal)
                {
                    ctx.Response.StatusCode = StatusFor(refusal);
                    await writer.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = ctx,
                        ProblemDetails = new ProblemDetails { Status = StatusFor(refusal), Type = TypeBase + refusal.Code, Title = Title(refusal.Code), Detail = refusal.Message, Extensions = refusal.Field is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["field"] = refusal.Field } },
                    });
                    return;
                }

                if (feature?.Error is { } error && IsSumOverflow(error))
                {
                    ctx.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    await writer.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = ctx,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = StatusCodes.Status422UnprocessableEntity,
                            Type = TypeBase + "sum-out-of-range",
                            Title = "Sum out of range",
                            Detail = "A total over these amounts is beyond what Credo can hold (64-bit minor units); no figure was changed. Amounts above the ceiling of one trillion per figure are refused when they come in; rows like these were written past that check.",
                        },
                    });
                    return;
                }

                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                if (PeoplePages.IsForPeople(ctx))
                {
                    await PeoplePages.Write(ctx, StatusCodes.Status500InternalServerError);
                    return;
                }

                await writer.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx,
                    ProblemDetails = new ProblemDetails { Status = 500, Title = "Internal error" },
                });
            },
        });

    private static DomainError? Refused(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is RefusalException refusal)
            {
                return refusal.Error;
            }
        }

        return null;
    }

    /// <summary>An overflow of a sum anywhere in the chain: C# checked arithmetic, SQLite or PostgreSQL.</summary>
    public static bool IsSumOverflow(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OverflowException
                || (ex is Microsoft.Data.Sqlite.SqliteException && ex.Message.Contains("integer overflow", StringComparison.OrdinalIgnoreCase))
                || (ex is Npgsql.PostgresException pg && pg.SqlState is "22003"))
            {
                return true;
            }
        }

        return false;
    }

    private static ProblemDetails Malformed(BadHttpRequestException bad)
    {
        var json = bad.InnerException as System.Text.Json.JsonException;
        var field = json?.Path?.TrimStart('$', '.');
        var message = json?.Message ?? bad.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut]; // the position is said below, in words
        }

        var where = json?.LineNumber is { } line
            ? $" (line {line + 1}, position {json.BytePositionInLine + 1}{(string.IsNullOrEmpty(field) ? "" : ", field " + field)})"
            : "";
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Type = TypeBase + (json is JsonValueRefused ? "validation" : "malformed-request"),
            Title = json is JsonValueRefused ? "Validation" : "Malformed request",
            Detail = message.TrimEnd('.', ' ') + where + "." + (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? " " + UnsupportedMediaType.Files : ""), // issue 12 §5 (screens)
        };
        if (!string.IsNullOrEmpty(field))
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }
}

/// <summary>
/// A business refusal found where no value can be returned (inside a SaveChanges interceptor): the transaction rolls
/// back and <see cref="Problems.UseBadRequestProblems"/> answers it as the refusal's ProblemDetails, never a 500.
/// </summary>
internal sealed class RefusalException(DomainError error) : Exception(error.Message)
{
    public DomainError Error { get; } = error;
}
