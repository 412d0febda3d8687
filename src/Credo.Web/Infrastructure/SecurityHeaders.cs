namespace Credo.Web.Infrastructure;

/// <summary>
/// Headers on every response (issue 12 §3): a Content-Security-Policy (scripts and styles from Credo itself; the API
/// reference at /api-docs also runs its own inline start-up script), frame protection (<c>frame-ancestors 'none'</c>
/// and <c>X-Frame-Options: DENY</c>: no page may be framed, Team pages least of all), no MIME sniffing, and a
/// referrer policy unless a page set a stricter one. HSTS is added by <c>UseHsts</c> over HTTPS outside Development.
/// </summary>
internal static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Scalar's page starts with an inline script and loads its bundle from the page's own origin.
    public const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>HttpContext.Items key: "directive source ...; directive source ..." added to this response's policy only.</summary>
    public const string PageExtraKey = "credo:csp-extra";

    /// <summary>Appends each extra directive's sources to the policy's directive of that name (adding the directive if absent).</summary>
    public static string WithExtra(string policy, string extra)
    {
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var add in extra.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = add.Split(' ')[0];
            var at = directives.FindIndex(d => d.Split(' ')[0] == name);
            if (at >= 0)
            {
                directives[at] += add[name.Length..];
            }
            else
            {
                directives.Add(add);
            }
        }

        return string.Join("; ", directives);
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-docs") || context.Request.Path.StartsWithSegments("/scalar") ? ApiDocsPolicy : Policy;
                // Portal (issue 16): a page may add sources for itself alone (the card payment page loads Stripe.js).
                if (context.Items[PageExtraKey] is string extra)
                {
                    headers.ContentSecurityPolicy = WithExtra(headers.ContentSecurityPolicy.ToString(), extra);
                }

                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                if (!headers.ContainsKey("Referrer-Policy"))
                {
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
