using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>An item of a reminder as it stands now (it may have been paid since).</summary>
internal sealed record StatementLine(string Document, DateOnly DueOn, string OpenWhenSent, string OpenNow, bool Paid);

internal sealed record StatementView(string CustomerName, string Subject, DateTime SentAtUtc, IReadOnlyList<StatementLine> Lines, string OpenNow);

/// <summary>
/// The public page a reminder links to: the secret in the link finds the message (only its hash is stored); it shows
/// the items the reminder listed and what is open on them now, nothing else about the account.
/// </summary>
internal sealed class ReadStatementLink(CreditDb db)
{
    public async Task<StatementView?> Handle(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = LinkSecrets.Hash(token);
        var message = await db.DunningMessages.AsNoTracking().Include(m => m.Items).SingleOrDefaultAsync(m => m.LinkHash == hash, ct);
        if (message is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == message.CustomerId).Select(c => c.TradingName ?? c.LegalName).SingleAsync(ct);
        var ids = message.Items.Select(i => i.EntryId).ToList();
        var now = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.OpenMinor, ct);
        var lines = message.Items.OrderBy(i => i.DueOn).Select(i => new StatementLine(
            i.Document, i.DueOn, CollectionsText.Show(i.OpenMinor, i.Currency), CollectionsText.Show(Math.Max(0, now.GetValueOrDefault(i.EntryId)), i.Currency), now.GetValueOrDefault(i.EntryId) <= 0)).ToList();
        var totals = message.Items.GroupBy(i => i.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => CollectionsText.Show(g.Sum(i => Math.Max(0, now.GetValueOrDefault(i.EntryId))), g.Key));
        return new StatementView(customer, message.Subject, message.SentAtUtc, lines, string.Join(" and ", totals));
    }
}
