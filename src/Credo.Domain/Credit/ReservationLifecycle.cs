namespace Credo.Domain.Credit;

/// <summary>Where an order's credit reservation is in its life (the same names as the stored state).</summary>
public enum ReservationState
{
    /// <summary>The check said held: no exposure counted; waits in the hold queue.</summary>
    Held,

    /// <summary>Approved and counting against every line on the path.</summary>
    Active,

    /// <summary>Shipped, not yet invoiced: kept in the lines' shipped cache, counted when Credit:Exposure:ShippedNotInvoiced is on.</summary>
    Shipped,

    /// <summary>Invoiced: the exposure moved from orders to receivables.</summary>
    Posted,

    Voided,

    Expired,

    /// <summary>A held order refused for good.</summary>
    Rejected,

    /// <summary>
    /// Ships beyond the horizon: counts no exposure yet; checked (and reserved or held) when its ship date comes
    /// within the horizon.
    /// </summary>
    Scheduled,

    /// <summary>A held order converted to prepayment terms: it ships once paid, so it counts no exposure.</summary>
    Prepayment,
}

/// <summary>Everything that moves a reservation after its check recorded it.</summary>
public enum ReservationAction
{
    /// <summary>The order's amount changes (an increase is checked); it stays active.</summary>
    Amend,

    /// <summary>The order shipped.</summary>
    Ship,

    /// <summary>The order was invoiced: its exposure moves to receivables.</summary>
    Post,

    /// <summary>The order was cancelled.</summary>
    Void,

    /// <summary>The reservation's expiry date passed.</summary>
    Expire,

    /// <summary>A person releases a held order (it now fits, or with an override).</summary>
    Release,

    /// <summary>A person refuses a held order for good.</summary>
    Reject,

    /// <summary>A person converts a held order to prepayment terms.</summary>
    ConvertToPrepayment,

    /// <summary>A scheduled order came within the horizon and its check approved it.</summary>
    ActivateApproved,

    /// <summary>A scheduled order came within the horizon and its check held it.</summary>
    ActivateHeld,
}

/// <summary>
/// The reservation lifecycle as pure rules (as <c>ApplicationFlow</c> is for applications): the state a check
/// records, which action moves which state where. Every state change of a stored reservation asks <see cref="Next"/>.
/// </summary>
public static class ReservationLifecycle
{
    public static IReadOnlyList<ReservationState> States { get; } = Enum.GetValues<ReservationState>();

    public static IReadOnlyList<ReservationAction> Actions { get; } = Enum.GetValues<ReservationAction>();

    /// <summary>The state a credit check records: approved orders reserve, the others wait in the hold queue.</summary>
    public static ReservationState Checked(bool approved) => approved ? ReservationState.Active : ReservationState.Held;

    /// <summary>An order shipping beyond the horizon is recorded, not checked yet.</summary>
    public static ReservationState BeyondHorizon => ReservationState.Scheduled;

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/>, or null when it may not happen.</summary>
    public static ReservationState? Next(ReservationState from, ReservationAction action) =>
        Allows(from, action) ? Target(action) : null;

    /// <summary>The states <paramref name="action"/> may start from (for conditional updates and for messages).</summary>
    public static IReadOnlyList<ReservationState> From(ReservationAction action) => [.. States.Where(s => Allows(s, action))];

    /// <summary>Where each action leads: one target per action.</summary>
    public static ReservationState Target(ReservationAction action) => action switch
    {
        ReservationAction.Amend => ReservationState.Active,
        ReservationAction.Ship => ReservationState.Shipped,
        ReservationAction.Post => ReservationState.Posted,
        ReservationAction.Void => ReservationState.Voided,
        ReservationAction.Expire => ReservationState.Expired,
        ReservationAction.Release => ReservationState.Active,
        ReservationAction.Reject => ReservationState.Rejected,
        ReservationAction.ConvertToPrepayment => ReservationState.Prepayment,
        ReservationAction.ActivateApproved => ReservationState.Active,
        ReservationAction.ActivateHeld => ReservationState.Held,
    };

    private static bool Allows(ReservationState from, ReservationAction action) => action switch
    {
        ReservationAction.Amend or ReservationAction.Expire => from == ReservationState.Active,
        ReservationAction.Ship => from == ReservationState.Active,
        ReservationAction.Post => from is ReservationState.Active or ReservationState.Shipped,
        ReservationAction.Void => from switch
        {
            ReservationState.Active or ReservationState.Shipped or ReservationState.Held or ReservationState.Scheduled => true,
            ReservationState.Posted or ReservationState.Voided or ReservationState.Expired or ReservationState.Rejected
                or ReservationState.Prepayment => false,
        },
        ReservationAction.Release or ReservationAction.Reject or ReservationAction.ConvertToPrepayment => from == ReservationState.Held,
        ReservationAction.ActivateApproved or ReservationAction.ActivateHeld => from == ReservationState.Scheduled,
    };

    /// <summary>Whether the state keeps its shares in the lines' exposure cache (the order or the shipped cache).</summary>
    public static bool KeepsShares(ReservationState state) => state switch
    {
        ReservationState.Active or ReservationState.Shipped => true,
        ReservationState.Held or ReservationState.Posted or ReservationState.Voided or ReservationState.Expired
            or ReservationState.Rejected or ReservationState.Scheduled or ReservationState.Prepayment => false,
    };
}
