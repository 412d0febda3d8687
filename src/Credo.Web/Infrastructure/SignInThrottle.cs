using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

/// <summary>Limits on failed sign-ins (the <c>SignIn</c> section).</summary>
internal sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed sign-ins one address may make, on any accounts, per <see cref="WindowMinutes"/>.</summary>
    public int FailuresPerIp { get; set; } = 20;

    /// <summary>Failed sign-ins on one account from one address per window (the per-account limit).</summary>
    public int FailuresPerAccountAndIp { get; set; } = 5;

    /// <summary>Failed sign-ins on one account from all addresses per window: a brake on guessing from many addresses.</summary>
    public int FailuresPerAccount { get; set; } = 100;

    public int WindowMinutes { get; set; } = 15;
}

/// <summary>
/// The rate limit in front of sign-in (issue 12 §3). It replaces Identity's lockout, which let anyone lock any
/// account, admins included, for 15 minutes with five tries from anywhere: failures are counted per address, per
/// account from that address, and per account from everywhere (a high brake), each in a fixed window. The account
/// key is the email as typed, whether or not such an account exists, so the answer never tells which emails exist.
/// Kept in memory: each instance limits on its own, and a restart forgets (both documented in ADR 0005).
/// </summary>
internal sealed class SignInThrottle(TimeProvider clock, IOptions<SignInOptions> options)
{
    private readonly ConcurrentDictionary<string, Window> _failures = new(StringComparer.Ordinal);

    private sealed record Window(DateTimeOffset StartedAt, int Count);

    /// <summary>When this attempt may not be made, the time until it may; null when it may.</summary>
    public TimeSpan? Refused(string? ip, string email)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var (key, limit) in Keys(ip, email, o))
        {
            if (_failures.TryGetValue(key, out var w) && now - w.StartedAt < Length(o) && w.Count >= limit)
            {
                var left = w.StartedAt + Length(o) - now;
                wait = wait is null || left > wait ? left : wait;
            }
        }

        return wait;
    }

    public void Failed(string? ip, string email)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        foreach (var (key, _) in Keys(ip, email, o))
        {
            _failures.AddOrUpdate(key, _ => new Window(now, 1), (_, w) => now - w.StartedAt >= Length(o) ? new Window(now, 1) : w with { Count = w.Count + 1 });
        }

        if (_failures.Count > 100_000)
        {
            foreach (var stale in _failures.Where(kv => now - kv.Value.StartedAt >= Length(o)).Select(kv => kv.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }

    /// <summary>A success forgets this address's failures on this account (not the address's or the account's totals).</summary>
    public void Succeeded(string? ip, string email) => _failures.TryRemove(AccountAndIp(ip, email), out _);

    private static TimeSpan Length(SignInOptions o) => TimeSpan.FromMinutes(Math.Max(1, o.WindowMinutes));

    private static IEnumerable<(string Key, int Limit)> Keys(string? ip, string email, SignInOptions o)
    {
        yield return ("ip|" + (ip ?? "?"), o.FailuresPerIp);
        yield return (AccountAndIp(ip, email), o.FailuresPerAccountAndIp);
        yield return ("account|" + Normal(email), o.FailuresPerAccount);
    }

    private static string AccountAndIp(string? ip, string email) => "account-ip|" + Normal(email) + "|" + (ip ?? "?");

    private static string Normal(string email) => email.Trim().ToUpperInvariant();
}
