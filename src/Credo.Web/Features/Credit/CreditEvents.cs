using System.Diagnostics;
using System.Text.Json.Serialization;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Credit;

// The credit slice's events (docs/webhooks.md lists them; a test keeps that list equal to the catalogue). The
// payloads are the webhook contract: a field is never renamed or removed, only added.

/// <summary>A check approved the order: the payload is the check's answer, as stored on the reservation.</summary>
internal sealed record OrderApproved(string AnswerJson) : IOutboxEvent<OrderApproved>
{
    public static EventTopic Topic { get; } = new("credit.order-approved", EventAudience.Integrators,
        "A credit check approved an order and reserved its amount; the payload is the check's answer.");

    static string IOutboxEvent<OrderApproved>.PayloadJson(OrderApproved e) => e.AnswerJson;
}

/// <summary>A check held the order: the payload is the check's answer with its reasons.</summary>
internal sealed record OrderHeld(string AnswerJson) : IOutboxEvent<OrderHeld>
{
    public static EventTopic Topic { get; } = new("credit.order-held", EventAudience.Integrators,
        "A credit check held an order for a person to decide; the payload is the check's answer with its reasons.");

    static string IOutboxEvent<OrderHeld>.PayloadJson(OrderHeld e) => e.AnswerJson;
}

/// <summary>An order shipping beyond the horizon was recorded, to be checked when its ship date comes near.</summary>
internal sealed record OrderScheduled(string AnswerJson) : IOutboxEvent<OrderScheduled>
{
    public static EventTopic Topic { get; } = new("credit.order-scheduled", EventAudience.Integrators,
        "An order that ships beyond the horizon was recorded; it is checked when its ship date comes near.");

    static string IOutboxEvent<OrderScheduled>.PayloadJson(OrderScheduled e) => e.AnswerJson;
}

internal sealed record OrderAmended(string OrderReference) : IOutboxEvent<OrderAmended>
{
    public static EventTopic Topic { get; } = new("credit.order-amended", EventAudience.Integrators, "An approved order's amount changed.");
}

internal sealed record OrderShipped(string OrderReference) : IOutboxEvent<OrderShipped>
{
    public static EventTopic Topic { get; } = new("credit.order-shipped", EventAudience.Integrators, "An approved order shipped and is not invoiced yet.");
}

internal sealed record OrderPosted(string OrderReference) : IOutboxEvent<OrderPosted>
{
    public static EventTopic Topic { get; } = new("credit.order-posted", EventAudience.Integrators, "An order was invoiced: its reservation became a receivable.");
}

internal sealed record OrderVoided(string OrderReference) : IOutboxEvent<OrderVoided>
{
    public static EventTopic Topic { get; } = new("credit.order-voided", EventAudience.Integrators, "An order was cancelled and its reservation released.");
}

internal sealed record OrderExpired(string OrderReference) : IOutboxEvent<OrderExpired>
{
    public static EventTopic Topic { get; } = new("credit.order-expired", EventAudience.Integrators, "An approved order was not invoiced in time and its reservation lapsed.");
}

internal sealed record OrderReleased(string OrderReference, string Reason, string By) : IOutboxEvent<OrderReleased>
{
    public static EventTopic Topic { get; } = new("credit.order-released", EventAudience.Integrators, "A held order was released to ship, with who released it and why.");
}

internal sealed record OrderRejected(string OrderReference, string Reason, string By) : IOutboxEvent<OrderRejected>
{
    public static EventTopic Topic { get; } = new("credit.order-rejected", EventAudience.Integrators, "A held order was refused for good, with who refused it and why.");
}

internal sealed record OrderPrepayment(string OrderReference, string Reason, string By) : IOutboxEvent<OrderPrepayment>
{
    public static EventTopic Topic { get; } = new("credit.order-prepayment", EventAudience.Integrators, "A held order ships only once the customer has paid in advance.");
}

/// <param name="Level">customer, group or parent (the line's level).</param>
/// <param name="Currency">Spelled with a capital since the first release: the contract keeps it.</param>
internal sealed record LimitChanged(string Level, string Key, long? LimitMinor, [property: JsonPropertyName("Currency")] string Currency) : IOutboxEvent<LimitChanged>
{
    public static EventTopic Topic { get; } = new("credit.limit-changed", EventAudience.Integrators, "A credit line was set or changed: its level, key, limit in minor units (none: no ceiling) and currency.");
}

internal static class CreditEvents
{
    /// <summary>The answer of a check, approved or held, published as stored on its reservation.</summary>
    public static void PublishDecision(this CreditDb db, bool approved, string answerJson)
    {
        if (approved)
        {
            db.Publish(new OrderApproved(answerJson));
        }
        else
        {
            db.Publish(new OrderHeld(answerJson));
        }
    }

    /// <summary>A reservation moved along its lifecycle (shipped, posted, voided, expired).</summary>
    public static void PublishMoved(this CreditDb db, ReservationState to, string orderReference)
    {
        Action publish = to switch
        {
            ReservationState.Shipped => () => db.Publish(new OrderShipped(orderReference)),
            ReservationState.Posted => () => db.Publish(new OrderPosted(orderReference)),
            ReservationState.Voided => () => db.Publish(new OrderVoided(orderReference)),
            ReservationState.Expired => () => db.Publish(new OrderExpired(orderReference)),
            ReservationState.Held or ReservationState.Active or ReservationState.Rejected or ReservationState.Prepayment or ReservationState.Scheduled =>
                throw new UnreachableException($"A reservation does not move to {to} outside a check or the hold queue."),
        };
        publish();
    }

    /// <summary>A person decided a held order: released, rejected, or prepayment.</summary>
    public static void PublishHoldDecision(this CreditDb db, ReservationState to, string orderReference, string reason)
    {
        var by = db.Actor.Name;
        Action publish = to switch
        {
            ReservationState.Active => () => db.Publish(new OrderReleased(orderReference, reason, by)),
            ReservationState.Rejected => () => db.Publish(new OrderRejected(orderReference, reason, by)),
            ReservationState.Prepayment => () => db.Publish(new OrderPrepayment(orderReference, reason, by)),
            ReservationState.Held or ReservationState.Shipped or ReservationState.Posted or ReservationState.Voided or ReservationState.Expired or ReservationState.Scheduled =>
                throw new UnreachableException($"A held order is not decided into {to}."),
        };
        publish();
    }
}
