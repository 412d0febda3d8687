using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Replies;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// This morning's replies to reminders, taken in through <see cref="ReceiveReply"/> like any other: a promise in
/// English, a dispute in German and an out-of-office reply, for three overdue customers outside the collector's
/// first four. They wait in the reply inbox for a collector.
/// </summary>
internal static class DemoReplies
{
    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var receive = scope.ServiceProvider.GetRequiredService<ReceiveReply>();
        var today = db.Today();
        var overdue = await db.Entries.AsNoTracking().Where(e => e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && e.DueOn < today && !e.Disputed)
            .OrderBy(e => e.CustomerId).ThenBy(e => e.DueOn).ThenBy(e => e.Id).Select(e => new { e.CustomerId, e.Document, e.OpenMinor, e.Currency }).ToListAsync(ct);
        var picks = overdue.GroupBy(e => e.CustomerId).Skip(4).Take(3).Select(g => g.First()).ToList();
        if (picks.Count < 3)
        {
            return;
        }

        var emails = await db.Customers.AsNoTracking().Where(c => picks.Select(p => p.CustomerId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Email, ct);
        string From(long id) => emails[id] ?? $"accounts.payable.{id}@customer.example";
        var on = today.AddDays(7).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var amount = MoneyText(picks[0].OpenMinor, picks[0].Currency);
        ReceiveReplyRequest[] replies =
        [
            new("demo-reply-1@customer.example", From(picks[0].CustomerId), "Accounts payable", "Re: Payment reminder",
                $"Hello,\n\nsorry for the delay. We will pay invoice {picks[0].Document} ({amount}) on {on}.\n\nKind regards,\nAccounts payable"),
            new("demo-reply-2@customer.example", From(picks[1].CustomerId), "Buchhaltung", "AW: Zahlungserinnerung",
                $"Guten Tag,\n\ndie Ware zu Rechnung {picks[1].Document} ist beschädigt angekommen. Wir reklamieren die Rechnung.\n\nMit freundlichen Grüßen"),
            new("demo-reply-3@customer.example", From(picks[2].CustomerId), null, "Automatic reply: Payment reminder",
                "I am out of the office until next Monday with limited access to email."),
        ];
        foreach (var reply in replies)
        {
            await receive.Handle(reply, "api", ct);
        }
    }

    private static string MoneyText(long minor, string currency) => MoneyJsonText(Infrastructure.MoneyJson.Major(minor, currency), currency);

    private static string MoneyJsonText(decimal major, string currency) => $"{currency} {major.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}";
}
