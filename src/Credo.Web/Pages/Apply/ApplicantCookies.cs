using System.Security.Cryptography;

namespace Credo.Web.Pages.Apply;

/// <summary>
/// The public form's two first-party cookies: the resume secret (HttpOnly, path /apply, 30 days) that finds the
/// applicant's draft, and a device id (HttpOnly, a year) recorded on submission for velocity checks.
/// </summary>
internal static class ApplicantCookies
{
    public const string Session = "credo.apply";
    public const string Device = "credo.device";

    public static string? Token(HttpRequest request) => request.Cookies[Session];

    public static void SetToken(HttpResponse response, string token) =>
        response.Cookies.Append(Session, token, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            Path = "/apply",
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
        });

    public static string DeviceId(HttpContext context)
    {
        if (context.Request.Cookies[Device] is { Length: 32 } existing && existing.All(char.IsAsciiHexDigitLower))
        {
            return existing;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Device, id, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            Path = "/",
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });
        return id;
    }

    /// <summary>Private pages: no caching, no referrer (the resume link must not leak to other sites).</summary>
    public static void PrivatePage(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
