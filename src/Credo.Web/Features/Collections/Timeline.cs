using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>One thing that happened on a customer's collection, in people's words.</summary>
internal sealed record TimelineEntry(DateTime AtUtc, string What, string By, string? Detail, long? MessageId = null, string? Letter = null);

/// <summary>
/// A customer's collection timeline, newest first: every call and note, snooze, reminder sent, promise and plan event,
/// and dispute opened or resolved.
/// </summary>
internal sealed class Timeline(CreditDb db)
{
    public async Task<IReadOnlyList<TimelineEntry>?> Handle(string customerNumber, int take, CancellationToken ct)
    {
        if (await db.CustomerId(customerNumber, ct) is not { } customerId)
        {
            return null;
        }

        var activities = await db.CollectionActivities.AsNoTracking().Where(a => a.CustomerId == customerId).OrderByDescending(a => a.AtUtc).Take(take).ToListAsync(ct);
        var messages = await db.DunningMessages.AsNoTracking().Where(m => m.CustomerId == customerId).OrderByDescending(m => m.SentAtUtc).Take(take)
            .Select(m => new { m.Id, m.SentAtUtc, m.LevelName, m.Channel, m.RecipientName, m.Recipient, m.TotalsText, m.SentBy, m.Subject, m.ChargesText }).ToListAsync(ct);
        var disputes = await db.Disputes.AsNoTracking().Where(d => d.CustomerId == customerId)
            .Join(db.Entries, d => d.EntryId, e => e.Id, (d, e) => new { d.OpenedAtUtc, d.OpenedBy, d.Reason, d.ResolvedAtUtc, d.ResolvedBy, d.Resolution, e.Document })
            .OrderByDescending(d => d.OpenedAtUtc).Take(take).ToListAsync(ct);

        var entries = activities.Select(a => new TimelineEntry(a.AtUtc, Describe(a.Kind) + (CallOutcomes.Text(a.Outcome) is { } o ? ": " + o : string.Empty), a.By,
                a.SnoozeUntil is { } until ? $"Until {until:yyyy-MM-dd}." + (a.Text is null ? string.Empty : " " + a.Text) : a.Text))
            .Concat(messages.Select(m => new TimelineEntry(m.SentAtUtc, $"{m.LevelName} sent by {PreviewDunning.ChannelText(m.Channel)}", m.SentBy,
                $"To {m.RecipientName} ({m.Recipient}): {m.TotalsText}. “{m.Subject}”", m.Id, m.Channel == Domain.Collections.DunningChannel.Letter ? $"/api/collections/messages/{m.Id}/letter" : null)))
            .Concat(messages.Where(m => m.ChargesText is not null).SelectMany(m => m.ChargesText!.Split('\n').Select(c => new TimelineEntry(m.SentAtUtc, "Charged with the " + m.LevelName.ToLowerInvariant(), m.SentBy, c + ".", m.Id))))
            .Concat(disputes.Select(d => new TimelineEntry(d.OpenedAtUtc, $"Dispute opened on {d.Document}", d.OpenedBy, d.Reason)))
            .Concat(disputes.Where(d => d.ResolvedAtUtc is not null).Select(d => new TimelineEntry(d.ResolvedAtUtc!.Value, $"Dispute resolved on {d.Document}", d.ResolvedBy ?? "", d.Resolution)));
        return [.. entries.OrderByDescending(e => e.AtUtc).Take(take).Select(e => e with { By = Who(e.By) })];
    }

    /// <summary>Who did it, in people's words: the person's email, "Credo" for the system, or the API key's name.</summary>
    public static string Who(string by) => by switch
    {
        "system" => "Credo",
        "assistant" => "Credo's assistant", // replies (issue 14 §6): reminders held after a reply
        _ when by.StartsWith("user:", StringComparison.Ordinal) => by[5..],
        _ when by.StartsWith("apikey:", StringComparison.Ordinal) => "API key " + by[7..],
        _ when by.StartsWith("cli:", StringComparison.Ordinal) => "command line (" + by[4..] + ")",
        _ => by,
    };

    public static string Describe(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => "Call",
        ActivityKind.Note => "Note",
        ActivityKind.Snooze => "Snoozed",
        ActivityKind.PromiseRecorded => "Promise to pay recorded",
        ActivityKind.PromiseKept => "Promise kept",
        ActivityKind.PromiseBroken => "Promise broken",
        ActivityKind.PromiseCancelled => "Promise cancelled",
        ActivityKind.PlanRecorded => "Payment plan agreed",
        ActivityKind.Escalated => "Escalated",
        ActivityKind.StatementSent => "Statement sent",
        ActivityKind.HandedOver => "Handed over to a collection agency",
        ActivityKind.ReminderSent => "Reminder sent by hand", // replies (issue 14 §6)
        ActivityKind.RemindersHeld => "Reminders held", // replies (issue 14 §6)
    };

    public static async Task<IResult> Endpoint(string number, Timeline use, CancellationToken ct) =>
        await use.Handle(number, 200, ct) is { } list ? TypedResults.Ok(list) : Infrastructure.Problems.NotFound("Customer", number);
}
