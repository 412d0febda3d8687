namespace Credo.Web.Features.Outbox;

/// <summary>
/// How long an outbox delivery waits after a failed attempt, for emails and webhooks alike: the base, doubled after
/// each failure, capped (30 s, 60 s, 120 s, ... up to an hour by default).
/// </summary>
internal static class RetryBackoff
{
    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public static TimeSpan After(int attempt, double baseSeconds, double maxSeconds) =>
        TimeSpan.FromSeconds(Math.Min(maxSeconds, baseSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30))));
}
