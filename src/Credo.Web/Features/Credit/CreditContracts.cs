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

/// <summary>Headroom at one level, in the level's currency (major units). Null limit/headroom: the level imposes no ceiling.</summary>
internal sealed record LevelDto(string Level, string Key, string Currency, decimal? Limit, decimal Used, decimal Requested, decimal? Headroom, decimal? HeadroomAfter, bool Binding);

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
            MoneyJson.Major(l.RequestedMinor, l.Currency), Major(l.HeadroomMinor, l.Currency), Major(l.HeadroomAfterMinor, l.Currency), l.Binding))],
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

/// <summary>How long an approved reservation lives before the expiry job releases it.</summary>
internal sealed class CreditOptions
{
    public int ReservationDays { get; set; } = 30;

    /// <summary>
    /// Orders shipping more than this many days ahead count only from that horizon: until then they are scheduled,
    /// not reserved. Null: every order counts from the day it is checked.
    /// </summary>
    public int? HorizonDays { get; set; }

    /// <summary>Whether a shipped, not yet invoiced order keeps counting until it is posted (the default) or is released when it ships.</summary>
    public bool CountShippedNotInvoiced { get; set; } = true;
}
