using Credo.Domain.Common;

namespace Credo.Domain.Portal;

/// <summary>Where an invitation to the buyer portal is (the same names as the stored status).</summary>
public enum InvitationStatus
{
    /// <summary>Sent, not yet used; the link works until it expires.</summary>
    Pending,

    /// <summary>Used: the buyer set a password (or signed in) and holds the grant. The link works no more.</summary>
    Accepted,

    /// <summary>Withdrawn by the seller before it was used.</summary>
    Revoked,

    /// <summary>Not used in time.</summary>
    Expired,
}

/// <summary>Everything that can happen to an invitation.</summary>
public enum InvitationAction
{
    Accept,
    Revoke,
    Expire,
}

/// <summary>What a buyer user may do for one customer. Each role includes the ones before it.</summary>
public enum BuyerRole
{
    /// <summary>See invoices, statements, payments, limit and available credit.</summary>
    View,

    /// <summary>View, and pay invoices.</summary>
    Pay,

    /// <summary>Pay, and invite or remove their company's portal users.</summary>
    ManageUsers,
}

/// <summary>
/// The invitation lifecycle as pure rules: an invitation is single-use (accepted once) and expiring (the time is
/// an argument). Every status change of a stored invitation goes through <see cref="Next"/>.
/// </summary>
public static class InvitationFlow
{
    public static IReadOnlyList<InvitationStatus> States { get; } = Enum.GetValues<InvitationStatus>();

    public static IReadOnlyList<InvitationAction> Actions { get; } = Enum.GetValues<InvitationAction>();

    /// <summary>How long an invitation link works.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromDays(7);

    /// <summary>The status a stored invitation really has at <paramref name="nowUtc"/>: a pending one past its expiry is expired.</summary>
    public static InvitationStatus Effective(InvitationStatus stored, DateTime expiresAtUtc, DateTime nowUtc) =>
        stored == InvitationStatus.Pending && nowUtc >= expiresAtUtc ? InvitationStatus.Expired : stored;

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/> at <paramref name="nowUtc"/>, or a refusal.</summary>
    public static Result<InvitationStatus> Next(InvitationStatus stored, DateTime expiresAtUtc, InvitationAction action, DateTime nowUtc)
    {
        var from = Effective(stored, expiresAtUtc, nowUtc);
        return Target(from, action) is { } to
            ? to
            : new Refusal(RefusalCode(from), $"This invitation {Describe(from)}; it cannot be {Describe(action)}.", "invitation");
    }

    private static InvitationStatus? Target(InvitationStatus from, InvitationAction action) => (from, action) switch
    {
        (InvitationStatus.Pending, InvitationAction.Accept) => InvitationStatus.Accepted,
        (InvitationStatus.Pending, InvitationAction.Revoke) => InvitationStatus.Revoked,
        (InvitationStatus.Pending, InvitationAction.Expire) => InvitationStatus.Expired,
        (InvitationStatus.Accepted or InvitationStatus.Revoked or InvitationStatus.Expired,
            InvitationAction.Accept or InvitationAction.Revoke or InvitationAction.Expire) => null,
    };

    private static string RefusalCode(InvitationStatus from) => from switch
    {
        InvitationStatus.Accepted => "invitation-used",
        InvitationStatus.Revoked => "invitation-revoked",
        InvitationStatus.Expired => "invitation-expired",
        InvitationStatus.Pending => "transition-not-allowed",
    };

    public static string Describe(InvitationStatus status) => status switch
    {
        InvitationStatus.Pending => "is waiting to be used",
        InvitationStatus.Accepted => "has already been used",
        InvitationStatus.Revoked => "was withdrawn by the sender",
        InvitationStatus.Expired => "has expired",
    };

    public static string Describe(InvitationAction action) => action switch
    {
        InvitationAction.Accept => "accepted",
        InvitationAction.Revoke => "withdrawn",
        InvitationAction.Expire => "expired",
    };

    /// <summary>Whether <paramref name="held"/> includes <paramref name="needed"/> (manage users ⊃ pay ⊃ view).</summary>
    public static bool Allows(BuyerRole held, BuyerRole needed) => Rank(held) >= Rank(needed);

    public static string Describe(BuyerRole role) => role switch
    {
        BuyerRole.View => "view",
        BuyerRole.Pay => "view and pay",
        BuyerRole.ManageUsers => "view, pay and manage users",
    };

    private static int Rank(BuyerRole role) => role switch
    {
        BuyerRole.View => 0,
        BuyerRole.Pay => 1,
        BuyerRole.ManageUsers => 2,
    };
}

/// <summary>Lockout after repeated failed sign-ins, as a pure rule: the count and the time are arguments.</summary>
public static class BuyerLockout
{
    public const int MaxFailures = 5;

    public static TimeSpan Duration { get; } = TimeSpan.FromMinutes(15);

    public static bool IsLockedOut(DateTime? lockoutEndUtc, DateTime nowUtc) => lockoutEndUtc is { } end && end > nowUtc;

    /// <summary>After a failed attempt: the new count, and the lockout end when the count reaches the limit (then the count restarts).</summary>
    public static (int Failures, DateTime? LockoutEndUtc) AfterFailure(int failures, DateTime nowUtc) =>
        failures + 1 >= MaxFailures ? (0, nowUtc + Duration) : (failures + 1, null);
}
