namespace Credo.Domain.Fraud;

/// <summary>One credit application as seen at intake; any of the keys may be missing.</summary>
public sealed record ApplicationSeen(string ApplicationId, DateTimeOffset ReceivedAt, string? Email, string? IpAddress, string? DeviceId);

/// <summary>
/// Signal "application-velocity": several applications from one email, IP address or device within a window. Counts
/// the applications received in (receivedAt − window, receivedAt], the current one included, per key; raises when a
/// key reaches <c>maxApplications + 1</c>. Later applications (replays, back-dated imports) are ignored. Emails compare
/// case-insensitively; IPs and device ids exactly.
/// </summary>
public static class ApplicationVelocity
{
    public const string Code = "application-velocity";

    public static FraudSignal Check(ApplicationSeen current, IReadOnlyList<ApplicationSeen> earlier, TimeSpan window, int maxApplications)
    {
        var from = current.ReceivedAt - window;
        var inWindow = earlier
            .Where(a => a.ApplicationId != current.ApplicationId && a.ReceivedAt > from && a.ReceivedAt <= current.ReceivedAt)
            .ToList();
        (string Key, string? Value, Func<ApplicationSeen, string?> Of)[] keys =
        [
            ("email", current.Email?.Trim().ToLowerInvariant(), a => a.Email?.Trim().ToLowerInvariant()),
            ("ip", current.IpAddress, a => a.IpAddress),
            ("device", current.DeviceId, a => a.DeviceId),
        ];
        var usable = keys.Where(k => !string.IsNullOrEmpty(k.Value)).ToList();
        if (usable.Count == 0)
        {
            return FraudSignal.NotApplicable(Code, "The application has no email, IP address or device id.");
        }

        var counts = usable
            .Select(k => (k.Key, k.Value, Count: 1 + inWindow.Count(a => string.Equals(k.Of(a), k.Value, StringComparison.Ordinal))))
            .ToList();
        var over = counts.Where(c => c.Count > maxApplications).ToArray();
        return over.Length > 0
            ? FraudSignal.Raised(Code, [.. over.Select(c => $"{c.Count} applications from {c.Key} {c.Value} within {InWords(window)} (at most {maxApplications})")])
            : FraudSignal.Clear(Code, [.. counts.Select(c => $"{c.Count} from {c.Key} {c.Value} within {InWords(window)}")]);
    }

    /// <summary>The window in words ("24 hours", "7 days"), never a timespan like 1.00:00:00 (issue 12 §4).</summary>
    public static string InWords(TimeSpan window) =>
        window.TotalDays >= 2 && window.TotalDays == Math.Floor(window.TotalDays) ? $"{(int)window.TotalDays} days"
        : window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{(int)window.TotalHours} hour{(window.TotalHours == 1 ? "" : "s")}"
        : $"{(int)Math.Round(window.TotalMinutes)} minutes";
}
