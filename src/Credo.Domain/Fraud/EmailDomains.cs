namespace Credo.Domain.Fraud;

/// <summary>
/// Signals on the applicant's email address against the company website:
/// "free-mail-with-website" (the email is at a free-mail provider although the company has a website) and
/// "email-domain-mismatch" (a company email whose registrable domain differs from the website's; not raised for
/// free-mail addresses, which the first signal already covers).
/// The registrable domain is the last two labels, or the last three under a known two-part public suffix (co.uk,
/// com.au, …): a simplification of the Public Suffix List, good enough for a signal a person reviews.
/// </summary>
public static class EmailDomains
{
    public const string FreeMailCode = "free-mail-with-website";

    public const string MismatchCode = "email-domain-mismatch";

    private static readonly HashSet<string> FreeMail =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "hotmail.com",
        "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
        "mac.com", "mail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "protonmail.com", "proton.me",
        "yandex.com", "yandex.ru", "mail.ru", "orange.fr", "free.fr", "laposte.net", "libero.it", "zoho.com", "qq.com",
        "163.com",
    ];

    private static readonly HashSet<string> TwoPartSuffixes =
    [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "com.au", "net.au", "org.au", "co.nz",
        "co.jp", "co.za", "com.br", "com.mx", "com.cn", "co.in", "com.sg", "com.tr", "co.il", "com.ar", "com.hk",
    ];

    /// <summary>"https://www.Shop.Example.co.uk:8443/x" → "example.co.uk"; null when there is no host.</summary>
    public static string? RegistrableDomain(string hostOrUrl)
    {
        var host = hostOrUrl.Trim().ToLowerInvariant();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        host = host.Split('/', '?', '#')[0].Split(':')[0].TrimEnd('.');
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2)
        {
            return null;
        }

        var lastTwo = $"{labels[^2]}.{labels[^1]}";
        return TwoPartSuffixes.Contains(lastTwo)
            ? labels.Length >= 3 ? $"{labels[^3]}.{lastTwo}" : null
            : lastTwo;
    }

    public static bool IsFreeMail(string domain) => FreeMail.Contains(domain.ToLowerInvariant());

    public static IReadOnlyList<FraudSignal> Check(string? email, string? website)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        var emailHost = at > 0 ? email![(at + 1)..].Trim().ToLowerInvariant() : null;
        var emailDomain = emailHost is null ? null : RegistrableDomain(emailHost);
        var siteDomain = string.IsNullOrWhiteSpace(website) ? null : RegistrableDomain(website);
        if (emailHost is null || emailDomain is null)
        {
            return [FraudSignal.NotApplicable(FreeMailCode, "No usable email address."), FraudSignal.NotApplicable(MismatchCode, "No usable email address.")];
        }

        var free = IsFreeMail(emailHost) || IsFreeMail(emailDomain);
        if (siteDomain is null)
        {
            return [FraudSignal.NotApplicable(FreeMailCode, "No company website given."), FraudSignal.NotApplicable(MismatchCode, "No company website given.")];
        }

        var freeMail = free
            ? FraudSignal.Raised(FreeMailCode, $"Email at free-mail {emailHost} although the website is {siteDomain}.")
            : FraudSignal.Clear(FreeMailCode, $"Email domain {emailDomain} is not a free-mail provider.");
        var mismatch = free
            ? FraudSignal.NotApplicable(MismatchCode, "Free-mail address; see " + FreeMailCode + ".")
            : emailDomain == siteDomain
                ? FraudSignal.Clear(MismatchCode, $"Email and website share {siteDomain}.")
                : FraudSignal.Raised(MismatchCode, $"Email domain {emailDomain} differs from website domain {siteDomain}.");
        return [freeMail, mismatch];
    }
}
