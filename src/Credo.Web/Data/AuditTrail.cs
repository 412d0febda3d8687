using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Credo.Web.Data;

/// <summary>
/// Turns tracked changes into audit rows. Secrets (password and key hashes, security stamps) never enter the
/// trail; derived caches (open amounts, search text) are left out because they are recomputed, not decided.
/// </summary>
internal static class AuditTrail
{
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser.PasswordHash), nameof(IdentityUser.SecurityStamp), nameof(IdentityUser.ConcurrencyStamp),
        nameof(IdentityUser.NormalizedEmail), nameof(IdentityUser.NormalizedUserName), nameof(ApiKey.SecretHash),
        nameof(Customer.SearchText), nameof(Customer.Version),
        nameof(WebhookSubscription.ProtectedSecret), nameof(WebhookSubscription.PreviousProtectedSecret),
        // A credit line's exposure cache moves with every order and payment; its limits are what is decided.
        nameof(CreditLine.ReservedMinor), nameof(CreditLine.ShippedMinor), nameof(CreditLine.ReceivableMinor),
    };

    private static readonly HashSet<Type> Audited =
    [
        typeof(Customer), typeof(CorporateGroup), typeof(Segment), typeof(CustomerSegment), typeof(LedgerEntry),
        typeof(AllocationEntry), typeof(Dispute), typeof(ApiKey), typeof(CreditUser), typeof(IdentityUserRole<string>),
        typeof(ImportMapping), typeof(WebhookSubscription),
        typeof(CreditBlockRule), // issue 12: a block rule change had no audit row
        typeof(CreditLine), typeof(PolicyVersion), // issue 12 §2: limits, temporary increases, review dates; policies
        typeof(DisputeCase), typeof(CaseNote), // issue 14: dispute cases and their notes, with who (a buyer in the portal included)
    ];

    private static readonly JsonSerializerOptions Options = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    internal sealed record Change(EntityEntry Entry, string Action, string? BeforeJson, string? AfterJson);

    /// <summary>
    /// The audited changes about to be saved, and the audit rows a use case added itself (for a bulk move the
    /// tracker cannot see), which the save links into the chain with the rest.
    /// </summary>
    public static (List<Change> Changes, List<AuditEntry> Written) Capture(ChangeTracker tracker)
    {
        var changes = new List<Change>();
        var written = new List<AuditEntry>();
        var entries = tracker.Entries().ToList();
        var owned = OwnedEntries(entries);
        foreach (var entry in entries)
        {
            if (entry.Entity is AuditEntry row && entry.State == EntityState.Added)
            {
                written.Add(row);
                continue;
            }

            if (!Audited.Contains(entry.Metadata.ClrType) || entry.State is EntityState.Detached)
            {
                continue;
            }

            // Issue 12: what an entity owns in its own row (a customer's contacts, stored as JSON) is part of it; a
            // change to that alone is a modification of the owner, with the owned values before and after.
            var mine = owned[OwnerKey(entry)].ToList();
            var ownedChanged = mine.Any(o => o.State is EntityState.Added or EntityState.Deleted or EntityState.Modified);
            if (entry.State == EntityState.Unchanged && !ownedChanged)
            {
                continue;
            }

            // Ledger rows change only in their derived cache columns after posting; the posting itself is audited.
            if (entry.Entity is LedgerEntry && entry.State == EntityState.Modified)
            {
                continue;
            }

            // A modification of derived caches only (a credit line's exposure) is recomputed, not decided.
            if (entry.State == EntityState.Modified && !ownedChanged && !entry.Properties.Any(p => p.IsModified && !Hidden.Contains(p.Metadata.Name)))
            {
                continue;
            }

            // Before and after of a modification are read now: once saved, nothing is "modified" any more.
            // An addition's after is read once saved, so that it carries the generated key.
            var modified = entry.State is EntityState.Modified or EntityState.Unchanged;
            var before = modified || entry.State == EntityState.Deleted ? Json(entry, original: true, onlyChanged: modified, mine) : null;
            var after = modified ? Json(entry, original: false, onlyChanged: true, mine) : null;
            changes.Add(new Change(entry, modified ? nameof(EntityState.Modified) : entry.State.ToString(), before, after));
        }

        return (changes, written);
    }

    public static IEnumerable<AuditEntry> ToEntries(IEnumerable<Change> changes, string actor, DateTime atUtc) =>
        changes.Select(c => new AuditEntry
        {
            AtUtc = atUtc,
            Actor = actor,
            Action = c.Action,
            Entity = c.Entry.Metadata.ClrType.Name.Replace("`1", string.Empty, StringComparison.Ordinal),
            EntityId = Key(c.Entry),
            BeforeJson = c.BeforeJson,
            AfterJson = c.Action == nameof(EntityState.Added) ? Json(c.Entry, original: false, onlyChanged: false) : c.AfterJson,
        });

    /// <summary>
    /// The key as text ("id", or "a/b" for a composite such as a user's role: two GUIDs, 73 characters). The column
    /// holds 200; a longer key (none exists today) is cut, and the row's JSON still carries every key property.
    /// </summary>
    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        var text = key is null ? "?" : string.Join('/', key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString() ?? "?"));
        return text.Length <= 200 ? text : text[..200];
    }

    /// <summary>The tracked owned entries (addresses, contacts), by the key of the entity that owns them.</summary>
    private static ILookup<string, EntityEntry> OwnedEntries(List<EntityEntry> entries) =>
        entries.Where(e => e.Metadata.IsOwned() && e.State != EntityState.Detached && e.Metadata.FindOwnership() is not null).ToLookup(OwnerKeyOfOwned);

    private static string OwnerKey(EntityEntry entry) =>
        entry.Metadata.Name + "|" + string.Join('/', entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue) ?? []);

    private static string OwnerKeyOfOwned(EntityEntry owned)
    {
        var ownership = owned.Metadata.FindOwnership()!;
        return ownership.PrincipalEntityType.Name + "|" + string.Join('/', ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue));
    }

    /// <summary>An owned item's own values (not its shadow key and ordinal).</summary>
    private static Dictionary<string, object?> Values(EntityEntry item, bool original) =>
        item.Properties.Where(p => !p.Metadata.IsShadowProperty()).ToDictionary(p => p.Metadata.Name, p => original ? p.OriginalValue : p.CurrentValue);

    /// <summary>
    /// Owned collections (a customer's contacts) as lists: before, the items that were there (not added); after, the
    /// items there now. With <paramref name="onlyChanged"/>, only collections with an item added, removed or changed.
    /// </summary>
    private static void OwnedCollections(EntityEntry entry, SortedDictionary<string, object?> dict, bool original, bool onlyChanged, IReadOnlyList<EntityEntry>? mine)
    {
        foreach (var nav in entry.Collections.Where(c => c.Metadata.TargetEntityType.IsOwned()))
        {
            var type = nav.Metadata.TargetEntityType;
            var tracked = (mine ?? []).Where(o => o.Metadata == type).ToList();
            if (onlyChanged && !tracked.Any(o => o.State is EntityState.Added or EntityState.Deleted or EntityState.Modified))
            {
                continue;
            }

            dict[nav.Metadata.Name] = original
                ? tracked.Where(o => o.State != EntityState.Added).Select(o => Values(o, original: true)).ToList()
                : (nav.CurrentValue ?? Array.Empty<object>()).Cast<object>().Select(x => Values(entry.Context.Entry(x), original: false)).ToList();
        }
    }

    private static string Json(EntityEntry entry, bool original, bool onlyChanged, IReadOnlyList<EntityEntry>? mine = null)
    {
        var values = original ? entry.OriginalValues : entry.CurrentValues;
        var dict = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in values.Properties)
        {
            if (Hidden.Contains(p.Name) || (p.IsShadowProperty() && !p.IsForeignKey() && !p.IsKey()))
            {
                continue;
            }

            if (onlyChanged && !entry.Property(p.Name).IsModified)
            {
                continue;
            }

            dict[p.Name] = values[p];
        }

        foreach (var owned in entry.References.Where(r => r.TargetEntry is not null && r.Metadata.TargetEntityType.IsOwned()))
        {
            var target = owned.TargetEntry!;
            if (!onlyChanged || target.State is EntityState.Modified or EntityState.Added)
            {
                dict[owned.Metadata.Name] = target.Properties.Where(p => !p.Metadata.IsShadowProperty()).ToDictionary(p => p.Metadata.Name, p => original ? p.OriginalValue : p.CurrentValue);
            }
        }

        OwnedCollections(entry, dict, original, onlyChanged, mine);
        return JsonSerializer.Serialize(dict, Options);
    }
}
