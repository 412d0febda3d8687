using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Credo.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

internal static class Roles
{
    public const string Admin = nameof(Admin);
    public const string CreditManager = nameof(CreditManager);
    public const string CreditAnalyst = nameof(CreditAnalyst);
    public const string Collector = nameof(Collector);
    public const string Viewer = nameof(Viewer);

    public static readonly IReadOnlyList<string> All = [Admin, CreditManager, CreditAnalyst, Collector, Viewer];

    public static string? Normalise(string? role) => All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Authorization policies by what they allow. Every endpoint names one; see docs/adr/0004-roles-and-policies.md.
/// </summary>
internal static class AccessPolicies
{
    /// <summary>Read customers, ledger, statements: every role.</summary>
    public const string Read = nameof(Read);

    /// <summary>Create and edit customers, groups and segments.</summary>
    public const string Customers = nameof(Customers);

    /// <summary>Post invoices, credit notes, payments and allocations.</summary>
    public const string Receivables = nameof(Receivables);

    /// <summary>Reversals (undoing an allocation included), write-offs and adjustments.</summary>
    public const string Corrections = nameof(Corrections);

    /// <summary>Open and resolve disputes.</summary>
    public const string Disputes = nameof(Disputes);

    /// <summary>Run imports and manage import mappings.</summary>
    public const string Imports = nameof(Imports);

    /// <summary>Users, API keys, the audit trail.</summary>
    public const string Admin = nameof(Admin);

    public static void Configure(AuthorizationOptions o)
    {
        o.AddPolicy(Read, p => p.RequireRole(Roles.All));
        o.AddPolicy(Customers, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst));
        o.AddPolicy(Receivables, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.Collector));
        o.AddPolicy(Corrections, p => p.RequireRole(Roles.Admin, Roles.CreditManager));
        o.AddPolicy(Disputes, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.Collector));
        o.AddPolicy(Imports, p => p.RequireRole(Roles.Admin, Roles.CreditManager));
        o.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        o.FallbackPolicy = o.GetPolicy(Read);
    }
}

/// <summary>
/// API keys look like <c>credo_{prefix}_{secret}</c>. The prefix finds the row; only the SHA-256 of the secret
/// is stored (the secret is 256 random bits, so a fast hash is enough and a slow one would only cost latency).
/// </summary>
internal static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    public static (string Key, string Prefix, string SecretHash) NewKey()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"credo_{prefix}_{secret}", prefix, Hash(secret));
    }

    public static bool TryParse(string? key, out string prefix, out string secret)
    {
        prefix = secret = string.Empty;
        if (key is null || !key.StartsWith("credo_", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = key.Split('_', 3);
        if (parts.Length != 3 || parts[1].Length != 12 || parts[2].Length < 20)
        {
            return false;
        }

        (prefix, secret) = (parts[1], parts[2]);
        return true;
    }

    public static string Hash(string secret) => LinkSecrets.Hash(secret);

    public static bool Matches(string secret, string storedHash) => LinkSecrets.Matches(secret, storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}

/// <summary>
/// The API keys this instance found lately, by prefix, each for <see cref="Lifetime"/>: an order system calling
/// thousands of times a second need not cost a database round trip (and EF's per-request set-up) per call just to
/// be recognised. A key revoked here is forgotten at once; revoked elsewhere (the CLI, another instance) it stops
/// working within <see cref="Lifetime"/>. Only keys that exist are kept, so the set is as small as the key table.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Known> _byPrefix = new(StringComparer.Ordinal);

    internal sealed record Known(long Id, string Name, string Role, string SecretHash, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc, DateTime ReadAtUtc);

    public Known? Find(string prefix) =>
        _byPrefix.TryGetValue(prefix, out var known) && clock.GetUtcNow().UtcDateTime - known.ReadAtUtc < Lifetime ? known : null;

    public void Remember(string prefix, Known known) => _byPrefix[prefix] = known;

    public void Forget(string prefix) => _byPrefix.TryRemove(prefix, out _);
}

internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CreditDb db,
    ApiKeyCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeys.TryParse(values.ToString(), out var prefix, out var secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var key = cache.Find(prefix);
        if (key is null)
        {
            var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
            if (row is null)
            {
                return AuthenticateResult.Fail("Unknown or revoked API key.");
            }

            key = new ApiKeyCache.Known(row.Id, row.Name, row.Role, row.SecretHash, row.RevokedAtUtc, row.LastUsedAtUtc, now);
            cache.Remember(prefix, key);
        }

        if (key.RevokedAtUtc is not null || !ApiKeys.Matches(secret, key.SecretHash))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        if (key.LastUsedAtUtc is null || now - key.LastUsedAtUtc > TimeSpan.FromMinutes(5))
        {
            var id = key.Id;
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), Context.RequestAborted);
            cache.Remember(prefix, key with { LastUsedAtUtc = now });
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "apikey:" + key.Id),
                new Claim(ClaimTypes.Name, "apikey:" + key.Name),
                new Claim(ClaimTypes.Role, key.Role),
            ],
            ApiKeys.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeys.Scheme));
    }
}

internal static class AuthSetup
{
    public const string Smart = "Credo";

    /// <summary>PBKDF2 iterations for password hashes (and for the decoy an unknown email is checked against).</summary>
    public const int PasswordIterations = 210_000;

    public static IServiceCollection AddCredoAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "API key or cookie", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeys.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "credo.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
        });

        // ASVS 5.0 §6.2: a minimum length, long passphrases allowed, no composition rules, common passwords refused
        // (Passwords/CommonPasswordValidator). Failed sign-ins are rate limited (SignInThrottle) instead of locking the
        // account: lockout let anyone lock any admin out for 15 minutes with five tries (issue 12 §3, ADR 0005).
        services.AddIdentityCore<CreditUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = CommonPasswordValidator.MinLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CreditDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        // Sign-out changes the user's security stamp; every request checks it, so an old cookie is refused at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section);
        services.AddSingleton<SignInThrottle>();

        // PBKDF2-HMAC-SHA512; OWASP's 2023 figure for that hash.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);
        services.AddAuthorization(AccessPolicies.Configure);
        return services;
    }

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers.ContainsKey("HX-Request"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
