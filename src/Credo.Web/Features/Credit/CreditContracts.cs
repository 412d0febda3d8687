using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Credit;

internal sealed record CreditCheckRequest(string? Customer, string? OrderReference, decimal? Amount, string? Currency, DateOnly? ShipDate);

internal sealed record AmendRequest(decimal? Amount);

internal sealed record PostRequest(string? InvoiceDocument);

internal sealed record VoidRequest(string? Reason);

/// <summary>Headroom at one level, in the level's currency (major units). Null limit/headroom: the level imposes no ceiling.
/// <c>Exposure</c> shows every category's amount at the level and which of them count in <c>Used</c>.</summary>
internal sealed record LevelDto(string Level, string Key, string Currency, decimal? Limit, decimal Used, decimal Requested, decimal? Headroom, decimal? HeadroomAfter, bool Binding, ExposureDto? Exposure = null);

/// <summary>One machine-readable reason an order is held.</summary>
internal sealed record ReasonDto(string Code, string Message, string? Level, string? Key, Amount? Amount, int? Days, string? Rule);

/// <summary>
/// The answer to a credit check. <c>outcome</c> is approved or held; <c>state</c> is where the reservation is now
/// (active, held, posted, voided, expired, rejected). Held answers carry the reasons and the ways out.
/// </summary>
internal sealed record CreditCheckAnswer(
    string OrderReference,
    string Customer,
    string Outcome,
    string State,
    long? ReservationId,
    Amount Amount,
    IReadOnlyList<LevelDto> Levels,
    IReadOnlyList<ReasonDto> Reasons,
    Amount? FittingPart,
    Amount? ReleasingPayment)
{
    /// <summary>For a scheduled order: the day it starts to count and is checked.</summary>
    public DateOnly? CheckOn { get; init; }

    private static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static CreditCheckAnswer From(string orderReference, string customer, CheckDecision d, long? reservationId, ReservationState state) => new(
        orderReference,
        customer,
        d.IsApproved ? "approved" : "held",
        state.Slug(),
        reservationId,
        Amount.Of(d.Amount.Minor, d.Amount.Currency.Code),
        [.. d.Levels.Select(l => new LevelDto(
            l.Level.Slug(), l.Key, l.Currency, Major(l.LimitMinor, l.Currency), MoneyJson.Major(l.UsedMinor, l.Currency),
            MoneyJson.Major(l.RequestedMinor, l.Currency), Major(l.HeadroomMinor, l.Currency), Major(l.HeadroomAfterMinor, l.Currency), l.Binding,
            l.Exposure is { } e ? ExposureDto.From(e, l.Currency) : null))],
        [.. d.Reasons.Select(r => new ReasonDto(
            r.Code, r.Message, r.Level?.Slug(), r.Key, r.AmountMinor is { } a && r.Currency is { } c ? Amount.Of(a, c) : null, r.Days, r.Rule))],
        d.FittingPart is { } f ? Amount.Of(f.Minor, f.Currency.Code) : null,
        d.ReleasingPayment is { } p ? Amount.Of(p.Minor, p.Currency.Code) : null);

    public string ToJson() => JsonSerializer.Serialize(this, StoreJson);

    public static CreditCheckAnswer FromStored(CreditReservation r) =>
        JsonSerializer.Deserialize<CreditCheckAnswer>(r.DecisionJson, StoreJson)! with
        {
            State = r.State.Slug(),
            ReservationId = r.State is ReservationState.Held or ReservationState.Scheduled or ReservationState.Rejected or ReservationState.Prepayment ? null : r.Id,
        };

    private static decimal? Major(long? minor, string currency) => minor is { } m ? MoneyJson.Major(m, currency) : null;
}

internal sealed record ReservationDto(string OrderReference, string State, long Id, Amount Amount, DateOnly CheckedOn, DateOnly ExpiresOn, string? InvoiceDocument, string? Reason)
{
    public static ReservationDto From(CreditReservation r) =>
        new(r.OrderReference, r.State.Slug(), r.Id, Amount.Of(r.AmountMinor, r.Currency), r.CheckedOn, r.ExpiresOn, r.InvoiceDocument, r.Reason);
}

/// <summary>The credit settings (section <c>Credit</c>), validated when the host starts.</summary>
internal sealed class CreditOptions
{
    /// <summary>How long an approved reservation lives before the expiry job releases it.</summary>
    public int ReservationDays { get; set; } = 30;

    /// <summary>
    /// Orders shipping more than this many days ahead count only from that horizon: until then they are scheduled,
    /// not reserved. Null: every order counts from the day it is checked.
    /// </summary>
    public int? HorizonDays { get; set; }

    /// <summary>Which categories of exposure count against limits (all by default).</summary>
    public ExposureOptions Exposure { get; set; } = new();

    /// <summary>A hold older than this is past the team's response target (service level), in hours.</summary>
    public int HoldSlaHours { get; set; } = 48;

    /// <summary>
    /// Issue 14 §4 (collections): leave invoices under an open dispute out of the overdue the block rules count. Off by
    /// default: a disputed invoice still counts, as before.
    /// </summary>
    public bool OverdueLeavesOutDisputed { get; set; }

    public ExposureCategories Counted => new(Exposure.Receivables, Exposure.Orders, Exposure.ShippedNotInvoiced);

    public TimeSpan HoldSla => TimeSpan.FromHours(HoldSlaHours);

    /// <summary>
    /// The problems with the settings as configured, each naming its key: unknown exposure categories, a legacy key
    /// that contradicts its successor, counting nothing at all, non-positive durations.
    /// </summary>
    public static IEnumerable<string> Problems(CreditOptions o, IConfiguration config)
    {
        var section = config.GetSection("Credit:Exposure");
        foreach (var child in section.GetChildren().Where(c => !ExposureOptions.Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"Credit:Exposure:{child.Key} is not an exposure category (categories: {string.Join(", ", ExposureOptions.Keys)}).";
        }

        if (o.Counted.CountsNothing)
        {
            yield return "Credit:Exposure counts no category at all: every limit would ignore what the customer owes and has ordered. Count at least one of Receivables, Orders, ShippedNotInvoiced.";
        }

        if (config["Credit:CountShippedNotInvoiced"] is { } legacy && section["ShippedNotInvoiced"] is { } current && !string.Equals(legacy, current, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Credit:CountShippedNotInvoiced ({legacy}) contradicts Credit:Exposure:ShippedNotInvoiced ({current}); remove the old key.";
        }

        if (o.HoldSlaHours <= 0)
        {
            yield return $"Credit:HoldSlaHours is {o.HoldSlaHours}; it is a number of hours above zero.";
        }

        if (o.ReservationDays <= 0)
        {
            yield return $"Credit:ReservationDays is {o.ReservationDays}; it is a number of days above zero.";
        }
    }
}

/// <summary>
/// <c>Credit:Exposure</c>: the categories that count against limits. Every category is kept in the cache and
/// reconciled whatever is chosen, so a change takes effect at the next check without a rebuild.
/// </summary>
internal sealed class ExposureOptions
{
    public static readonly string[] Keys = [nameof(Receivables), nameof(Orders), nameof(ShippedNotInvoiced)];

    /// <summary>Open ledger items (net of unapplied payments and credit notes).</summary>
    public bool Receivables { get; set; } = true;

    /// <summary>Approved orders (reservations) not yet shipped or invoiced.</summary>
    public bool Orders { get; set; } = true;

    /// <summary>Shipped orders not yet invoiced. The old key Credit:CountShippedNotInvoiced still sets it when this one is absent.</summary>
    public bool ShippedNotInvoiced { get; set; } = true;
}

/// <summary>The exposure of one level by category (major units of the level's currency) and which categories count.</summary>
internal sealed record ExposureDto(decimal Receivables, decimal Orders, decimal ShippedNotInvoiced, IReadOnlyList<string> Counted)
{
    public static ExposureDto From(Exposure e, string currency) =>
        new(MoneyJson.Major(e.ReceivablesMinor, currency), MoneyJson.Major(e.OrdersMinor, currency), MoneyJson.Major(e.ShippedMinor, currency), e.Counted.Names);
}
