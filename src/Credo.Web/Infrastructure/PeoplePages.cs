using System.Net;
using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Errors a person meets in the browser (an unknown customer, an unknown page, a refused form) are answered with a
/// short HTML page in words, with a way back; <c>/api</c> and machine callers keep ProblemDetails (issue 12 §4).
/// </summary>
internal static class PeoplePages
{
    /// <summary>A person in a browser: not the API, the OpenAPI document or the health check, and HTML acceptable.</summary>
    public static bool IsForPeople(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") || http.Request.Headers.ContainsKey(ApiKeys.Header))
        {
            return false;
        }

        var accept = http.Request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
    }

    public static async Task Write(HttpContext http, int status)
    {
        var (title, text) = status switch
        {
            StatusCodes.Status404NotFound => ("Not found", "There is nothing at this address: the link may be old, or the customer, application or page may not exist."),
            StatusCodes.Status400BadRequest => ("The form could not be sent", "The page may have been open too long, or the form was sent twice. Go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your role does not allow this. Ask an administrator if you need it."),
            StatusCodes.Status405MethodNotAllowed => ("Not available", "This address cannot be used that way. Go back and use the page's buttons."),
            >= 500 => ("Something went wrong", "Credo could not finish this. Nothing was half-saved. Try again; if it happens again, tell your administrator the time it happened."),
            _ => ("This did not work", "Go back and try again."),
        };
        var seller = http.RequestServices.GetService<IOptions<SellerOptions>>()?.Value.DisplayName ?? "Credo";
        var home = http.User.Identity?.IsAuthenticated == true ? "/team" : "/";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en" data-theme="light">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{WebUtility.HtmlEncode(title)}} · Credo</title>
            <link rel="stylesheet" href="/lib/pico/pico.min.css" /><link rel="stylesheet" href="/css/site.css" /></head>
            <body class="plain"><main class="plain-main" data-testid="error-page">
            <p class="hint">{{WebUtility.HtmlEncode(seller)}}</p>
            <h1>{{WebUtility.HtmlEncode(title)}}</h1>
            <p>{{WebUtility.HtmlEncode(text)}}</p>
            <p><a href="{{home}}">Back to the start</a></p>
            </main></body></html>
            """);
    }
}
