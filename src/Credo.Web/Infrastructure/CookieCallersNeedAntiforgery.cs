using Microsoft.AspNetCore.Antiforgery;

namespace Credo.Web.Infrastructure;

/// <summary>
/// For API endpoints that a signed-in browser can also call (the import upload): a caller authenticated by the
/// session cookie must send the antiforgery token (the <c>RequestVerificationToken</c> header or form field), so a
/// cross-origin page cannot upload with someone's cookie (SameSite=Lax does not stop a same-site attacker or a
/// top-level form post). API-key callers carry no ambient credential and are not asked (issue 12 §3).
/// </summary>
internal sealed class CookieCallersNeedAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.ContainsKey(ApiKeys.Header) && !await antiforgery.IsRequestValidAsync(http))
        {
            return Problems.Problem(
                "antiforgery",
                "A signed-in browser must send the page's antiforgery token (RequestVerificationToken); machines use an API key.",
                StatusCodes.Status400BadRequest,
                "RequestVerificationToken");
        }

        return await next(context);
    }
}
