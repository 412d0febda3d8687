using System.Text.Json;
using Credo.Web.Data;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Every buyer action leaves one audit row written as that buyer (the actor is the buyer's sign-in name, e.g.
/// "user:buyer:ap@shop.example"): what they did, for which customer, when, and what they sent. It is chained with the
/// rest of the trail by the same save (Data/AuditTrail.cs).
/// </summary>
internal static class BuyerAudit
{
    public const string Entity = "BuyerAction";

    /// <param name="action">The buyer's verb: "promise", "question", "reply", "contacts", "credit-request", "payment".</param>
    public static AuditEntry Record(CreditDb db, string action, ScopedCustomer customer, object what)
    {
        var entry = new AuditEntry
        {
            AtUtc = db.UtcNow,
            Actor = db.Actor.Name,
            Action = action,
            Entity = Entity,
            EntityId = customer.Number.Length > 64 ? customer.Number[..64] : customer.Number,
            AfterJson = JsonSerializer.Serialize(what),
        };
        db.Audit.Add(entry);
        return entry;
    }
}
