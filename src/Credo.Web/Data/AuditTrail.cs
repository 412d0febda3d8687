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
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry row && entry.State == EntityState.Added)
            {
                written.Add(row);
                continue;
            }

            if (!Audited.Contains(entry.Metadata.ClrType) || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            // Ledger rows change only in their derived cache columns after posting; the posting itself is audited.
            if (entry.Entity is LedgerEntry && entry.State == EntityState.Modified)
            {
                continue;
            }

            // A modification of derived caches only (a credit line's exposure) is recomputed, not decided.
            if (entry.State == EntityState.Modified && !entry.Properties.Any(p => p.IsModified && !Hidden.Contains(p.Metadata.Name)))
            {
                continue;
            }

            // Before and after of a modification are read now: once saved, nothing is "modified" any more.
            // An addition's after is read once saved, so that it carries the generated key.
            var modified = entry.State == EntityState.Modified;
            var before = entry.State is EntityState.Modified or EntityState.Deleted ? Json(entry, original: true, onlyChanged: modified) : null;
            var after = modified ? Json(entry, original: false, onlyChanged: true) : null;
            changes.Add(new Change(entry, entry.State.ToString(), before, after));
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

    private static string Json(EntityEntry entry, bool original, bool onlyChanged)
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

        return JsonSerializer.Serialize(dict, Options);
    }
}
