using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// A held order with its reasons and ways out, and its age against the service level: held since
/// <c>heldSinceUtc</c>, due for a decision by <c>slaDueUtc</c> (Credit:HoldSlaHours later), <c>pastSla</c> once that
/// time has passed, by <c>hoursPastSla</c>.
/// </summary>
internal sealed record HeldOrderDto(string OrderReference, string Customer, Amount Amount, DateOnly CheckedOn, IReadOnlyList<ReasonDto> Reasons, Amount? FittingPart, Amount? ReleasingPayment)
{
    public DateTime HeldSinceUtc { get; init; }

    public int AgeHours { get; init; }

    public DateTime SlaDueUtc { get; init; }

    public bool PastSla { get; init; }

    public int HoursPastSla { get; init; }
}

/// <summary>Filters of the hold queue: a reason code, part of the customer number, past the service level or not, held at least so many days.</summary>
internal sealed record HoldFilter(string? Reason = null, string? Customer = null, bool? PastSla = null, int? MinAgeDays = null);

/// <summary>
/// One page of the hold queue, oldest hold first. <c>next</c> is the cursor of the following page (null on the
/// last); <c>total</c> counts every hold matching the filters; <c>asOfUtc</c> is the time ages are measured at.
/// </summary>
internal sealed record HoldPage(IReadOnlyList<HeldOrderDto> Items, string? Next, int Total, int SlaHours, DateTime AsOfUtc);

/// <summary>
/// The hold queue, read: held orders wait here for a person (<see cref="ReleaseHold"/>, <see cref="DecideHold"/>)
/// or for a payment (<see cref="AutoReleaseHolds"/>). This lists them, a page at a time.
/// </summary>
internal sealed class HoldQueue(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Every reason code a hold can carry (the reason filter accepts these only).</summary>
    public static readonly IReadOnlyList<string> ReasonCodes =
    [
        HoldReason.LimitExceeded, HoldReason.Overdue, HoldReason.CustomerStatus, HoldReason.LimitExpired,
        HoldReason.ReviewOverdue, HoldReason.NoLimit, HoldReason.NoExchangeRate,
    ];

    /// <summary>
    /// A page of held orders matching <paramref name="filter"/>, oldest hold first, after the cursor
    /// <paramref name="after"/>. Keyset paging on (held since, id): a hold is on exactly one page however the queue
    /// changes in between, and the query stays a seek on the held-queue index. A held order's UpdatedAtUtc is when it
    /// was held (by the check, or when a scheduled order came due): leaving the queue is its next update.
    /// </summary>
    public async Task<Result<HoldPage>> Page(HoldFilter filter, string? after, int? limit, CancellationToken ct)
    {
        var asked = Validate(filter, after, limit);
        if (!asked.IsOk)
        {
            return asked.Error!;
        }

        var (size, cursor, reason) = asked.Value;
        var now = db.UtcNow;
        var sla = options.Value.HoldSla;
        var held = Matching(filter, reason, now, now - sla);
        var total = await held.CountAsync(ct);
        if (cursor is { } c)
        {
            held = held.Where(r => r.UpdatedAtUtc > c.At || (r.UpdatedAtUtc == c.At && r.Id > c.Id));
        }

        var rows = await held.OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).Take(size + 1)
            .Select(r => new { Reservation = r, Customer = db.Customers.Where(x => x.Id == r.CustomerId).Select(x => x.Number).Single() })
            .ToListAsync(ct);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? HoldCursor.Format(page[^1].Reservation.UpdatedAtUtc, page[^1].Reservation.Id) : null;
        var items = page.Select(x => Item(x.Reservation, x.Customer, now, sla)).ToList();
        return new HoldPage(items, next, total, options.Value.HoldSlaHours, now);
    }

    /// <summary>The page size, the cursor, the reason code and the minimum age, checked.</summary>
    private static Result<(int Size, (DateTime At, long Id)? Cursor, string? Reason)> Validate(HoldFilter filter, string? after, int? limit)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return new ValidationFailed("limit", $"A page holds 1 to {MaxPageSize} held orders.");
        }

        (DateTime At, long Id)? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (HoldCursor.Parse(after) is not { } parsed)
            {
                return new ValidationFailed("after", "The cursor is not one this queue gave; start again without it.");
            }

            cursor = parsed;
        }

        var reason = string.IsNullOrWhiteSpace(filter.Reason) ? null : filter.Reason.Trim();
        if (reason is not null && !ReasonCodes.Contains(reason))
        {
            return new ValidationFailed("reason", $"'{reason}' is not a hold reason ({string.Join(", ", ReasonCodes)}).");
        }

        if (filter.MinAgeDays is < 0)
        {
            return new ValidationFailed("minAgeDays", "A minimum age is zero days or more.");
        }

        return (size, cursor, reason);
    }

    /// <summary>The held orders the filters let through (reason, customer number, past the service level, minimum age).</summary>
    private IQueryable<CreditReservation> Matching(HoldFilter filter, string? reason, DateTime now, DateTime slaCutoff)
    {
        var held = db.CreditReservations.AsNoTracking().Where(r => r.State == ReservationState.Held);
        if (reason is not null)
        {
            // Reason codes are stored in the answer as "code":"<code>" (a fixed list of plain words, checked above).
            var needle = "\"code\":\"" + reason + "\"";
            held = held.Where(r => r.DecisionJson.Contains(needle));
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            var part = filter.Customer.Trim().ToUpperInvariant();
            held = held.Where(r => db.Customers.Any(c => c.Id == r.CustomerId && c.Number.ToUpper().Contains(part)));
        }

        if (filter.PastSla is { } past)
        {
            held = past ? held.Where(r => r.UpdatedAtUtc <= slaCutoff) : held.Where(r => r.UpdatedAtUtc > slaCutoff);
        }

        if (filter.MinAgeDays is { } days and > 0)
        {
            var heldBefore = now.AddDays(-days);
            held = held.Where(r => r.UpdatedAtUtc <= heldBefore);
        }

        return held;
    }

    /// <summary>One held order as the queue shows it: the stored answer, and its age against the service level at <paramref name="now"/>.</summary>
    private static HeldOrderDto Item(CreditReservation reservation, string customer, DateTime now, TimeSpan sla)
    {
        var a = CreditCheckAnswer.FromStored(reservation);
        var since = DateTime.SpecifyKind(reservation.UpdatedAtUtc, DateTimeKind.Utc);
        var due = since + sla;
        return new HeldOrderDto(a.OrderReference, customer, a.Amount, reservation.CheckedOn, a.Reasons, a.FittingPart, a.ReleasingPayment)
        {
            HeldSinceUtc = since,
            AgeHours = (int)Math.Floor((now - since).TotalHours),
            SlaDueUtc = due,
            PastSla = now >= due,
            HoursPastSla = now >= due ? (int)Math.Floor((now - due).TotalHours) : 0,
        };
    }

    public static async Task<IResult> ListEndpoint(string? after, int? limit, string? reason, string? customer, bool? pastSla, HoldQueue queue, CancellationToken ct)
    {
        var page = await queue.Page(new HoldFilter(reason, customer, pastSla), after, limit, ct);
        return page.IsOk ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }
}

/// <summary>The hold queue's page cursor: the last hold's held-since time (ticks, UTC) and id, base64url-encoded.</summary>
internal static class HoldCursor
{
    public static string Format(DateTime heldSinceUtc, long id) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.ASCII.GetBytes(
            heldSinceUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static (DateTime At, long Id)? Parse(string cursor)
    {
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor));
            var parts = text.Split('.');
            return parts.Length == 2
                && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? (new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
