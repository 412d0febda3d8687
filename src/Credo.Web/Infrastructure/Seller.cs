using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

/// <summary>
/// The <c>Seller</c> configuration section: who is writing (on every email, letter and public page) and where Credo
/// is reached from outside. Every outbound link is made from <see cref="PublicBaseUrl"/>, never from a request's Host
/// header (a forged Host would otherwise put an attacker's domain into an email).
/// </summary>
internal sealed class SellerOptions
{
    public const string Section = "Seller";

    /// <summary>The seller's trading name, e.g. "Harbor &amp; Vine Distributors".</summary>
    public string Name { get; set; } = "";

    /// <summary>Postal address, one line per line (letters and email footers).</summary>
    public string Address { get; set; } = "";

    /// <summary>An absolute https URL or a path under the public base URL of the logo shown on emails and public pages.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>Where replies to emails go, e.g. "Credit team &lt;credit@harborvine.example&gt;".</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The brand colour of public pages (CSS hex, e.g. #1f4e79).</summary>
    public string? Colour { get; set; }

    /// <summary>The address people reach Credo at from outside, e.g. https://credit.harborvine.example; required to serve.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The seller's name, or a neutral phrase while none is configured.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? "Your supplier's credit team" : Name.Trim();
}

/// <summary>Absolute links from the configured public base URL, for emails, letters, PDFs and webhooks.</summary>
internal sealed class PublicLinks(IOptions<SellerOptions> options)
{
    /// <summary>The absolute URL of a path on Credo (<c>/apply/x/resume/abc</c>).</summary>
    public Uri To(string pathAndQuery)
    {
        var root = Root(options.Value.PublicBaseUrl)
            ?? throw new InvalidOperationException("Seller:PublicBaseUrl is not set: outbound links cannot be made (see README, Configuration).");
        return new Uri(root, pathAndQuery.TrimStart('/'));
    }

    /// <summary>The base URL with one trailing slash, or null when it is missing or not an absolute http(s) URL.</summary>
    public static Uri? Root(string? configured) =>
        Uri.TryCreate(configured?.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query)
            ? uri
            : null;
}

internal static class SellerSetup
{
    /// <summary>
    /// Registers the seller settings; the server refuses to start without a valid public base URL (the demo and the tests
    /// set one), and an https base URL is required outside Development unless it is a loopback address.
    /// </summary>
    public static IServiceCollection AddSeller(this IServiceCollection services, ConfigurationManager config)
    {
        DefaultToLoopbackListener(config);
        services.AddOptions<SellerOptions>().BindConfiguration(SellerOptions.Section)
            .Validate(o => PublicLinks.Root(o.PublicBaseUrl) is not null,
                "Seller:PublicBaseUrl must be the absolute http(s) address people reach Credo at (e.g. https://credit.example.com); emails and letters link to it.")
            .ValidateOnStart();
        services.AddSingleton<PublicLinks>();
        return services;
    }

    /// <summary>
    /// On a laptop (the first address Credo listens on is loopback) that address is its own public one, so
    /// <c>serve --demo</c> needs no setting; a server listening on any other address must be told.
    /// </summary>
    private static void DefaultToLoopbackListener(ConfigurationManager config)
    {
        if (!string.IsNullOrWhiteSpace(config[$"{SellerOptions.Section}:{nameof(SellerOptions.PublicBaseUrl)}"]))
        {
            return;
        }

        var first = config["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is not null && Uri.TryCreate(first, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost"))
        {
            config[$"{SellerOptions.Section}:{nameof(SellerOptions.PublicBaseUrl)}"] = first;
        }
    }
}
