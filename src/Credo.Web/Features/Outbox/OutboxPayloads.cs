using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Outbox;

/// <summary>
/// Payloads stored once elsewhere (issue 17 §2): the credit check writer does not copy a decision's JSON into its
/// event; the event names the reservation (<see cref="OutboxMessage.DecisionOf"/>) whose stored answer is the
/// payload, byte for byte. Every reader of events (the feed, webhook delivery) fills them here, in one query per page.
/// Before a reservation's stored answer is rewritten, <see cref="Pin"/> copies it into the events that point at it,
/// so an event's payload never changes after it is written.
/// </summary>
internal static class OutboxPayloads
{
    /// <summary>Fills <see cref="OutboxMessage.PayloadJson"/> of the messages that point at a reservation's decision.</summary>
    public static async Task Fill(this CreditDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        var ids = messages.Where(m => m.DecisionOf is not null).Select(m => m.DecisionOf!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var decisions = await db.CreditReservations.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.DecisionJson }).ToDictionaryAsync(r => r.Id, r => r.DecisionJson, ct);
        foreach (var m in messages.Where(m => m.DecisionOf is not null))
        {
            m.PayloadJson = decisions.TryGetValue(m.DecisionOf!.Value, out var json)
                ? json
                : throw new InvalidOperationException($"Outbox event {m.Id} points at reservation {m.DecisionOf}, which does not exist.");
        }
    }

    /// <summary>
    /// Copies the reservation's stored answer into the events that point at it, in the caller's transaction: call it
    /// before rewriting <see cref="CreditReservation.DecisionJson"/>, so those events keep the answer they announced.
    /// </summary>
    public static Task<int> Pin(this CreditDb db, long reservationId, CancellationToken ct) =>
        db.Outbox.Where(m => m.DecisionOf == reservationId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.PayloadJson, m => db.CreditReservations.Where(r => r.Id == reservationId).Select(r => r.DecisionJson).First())
            .SetProperty(m => m.DecisionOf, (long?)null), ct);
}
