namespace Credo.Domain.Credit;

/// <summary>The levels a limit can be set at, from the narrowest to the widest.</summary>
public enum LimitLevel
{
    Customer,
    Group,
    Segment,
    Portfolio,
}

/// <summary>A temporary increase on top of the base limit, valid up to and including <see cref="ExpiresOn"/>.</summary>
public readonly record struct TemporaryIncrease(long AmountMinor, DateOnly ExpiresOn)
{
    public bool IsActive(DateOnly asOf) => asOf <= ExpiresOn;
}

/// <summary>
/// What a limit at one level says, in the level's own currency. <see cref="BaseMinor"/> null means "no limit at
/// this level" (no ceiling); zero means a ceiling of zero, never "inherit".
/// </summary>
public sealed record CreditLimit(long? BaseMinor, TemporaryIncrease? Increase = null, DateOnly? ReviewOn = null, DateOnly? ExpiresOn = null)
{
    public static CreditLimit None { get; } = new((long?)null);

    public bool HasCeiling => BaseMinor is not null;

    /// <summary>The ceiling on <paramref name="asOf"/>: the base plus an unexpired temporary increase; null when there is none.</summary>
    public long? EffectiveMinor(DateOnly asOf) =>
        BaseMinor is not { } b ? null : checked(b + (Increase is { } i && i.IsActive(asOf) ? i.AmountMinor : 0));

    public bool IsExpired(DateOnly asOf) => ExpiresOn is { } e && asOf > e;

    public bool IsReviewOverdue(DateOnly asOf) => ReviewOn is { } r && asOf > r;
}

/// <summary>
/// One node on a customer's path (the customer, each ancestor group, each of its segments, the portfolio) with the
/// exposure already counted against it. All amounts are minor units of <see cref="Currency"/>.
/// </summary>
/// <param name="Level">Which level.</param>
/// <param name="Key">Customer number, group code, "dimension:code", or "portfolio".</param>
/// <param name="Currency">The level's currency code.</param>
/// <param name="Limit">The limit set at this node.</param>
/// <param name="UsedMinor">Exposure counted against the node (receivables plus reservations).</param>
/// <param name="RequestedMinor">The order converted into the node's currency.</param>
public sealed record PathNode(LimitLevel Level, string Key, string Currency, CreditLimit Limit, long UsedMinor, long RequestedMinor)
{
    /// <summary>The exposure by category behind <see cref="UsedMinor"/>, when the host knows it (reported, not decided on).</summary>
    public Exposure? Exposure { get; init; }

    /// <summary>A node whose used exposure is the counted part of <paramref name="exposure"/>.</summary>
    public static PathNode Of(LimitLevel level, string key, string currency, CreditLimit limit, Exposure exposure, long requestedMinor) =>
        new(level, key, currency, limit, exposure.UsedMinor, requestedMinor) { Exposure = exposure };

    /// <summary>Headroom before the order on <paramref name="asOf"/>; null when the level has no ceiling. May be negative.</summary>
    public long? HeadroomMinor(DateOnly asOf) => Limit.EffectiveMinor(asOf) is { } ceiling ? ceiling - UsedMinor : null;

    public bool Fits(DateOnly asOf) => HeadroomMinor(asOf) is not { } h || RequestedMinor <= h;

    /// <summary>By how much the order overshoots this node (0 when it fits or the node has no ceiling).</summary>
    public long ShortfallMinor(DateOnly asOf) => HeadroomMinor(asOf) is { } h ? Math.Max(0, RequestedMinor - h) : 0;
}
