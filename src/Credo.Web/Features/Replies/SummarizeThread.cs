using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Replies;

/// <param name="SummarisedBy">"rules" or "language model".</param>
/// <param name="Notice">Why the rules' summary stands when a model is configured but did not help; null otherwise.</param>
/// <param name="Thread">The conversation, oldest first: each reminder sent and each reply received with what was read from it.</param>
internal sealed record ThreadSummaryDto(string Customer, string Summary, string SummarisedBy, string? Notice, int Reminders, int Replies, IReadOnlyList<string> Thread);

/// <summary>
/// The conversation with a customer summarised for the collector (issue 14 §6): the reminders sent and the replies
/// received with what was read from them. The rules write a plain summary from those facts; with a language model
/// configured, the model writes it from the same facts (the prompt carries no names, addresses or the customer's own
/// words; a model that fails leaves the rules' summary, saying why). An answer to the same facts is reused, not asked
/// again. Nothing personal is logged: the exchange is kept in <see cref="AssistExchange"/> like every other.
/// </summary>
internal sealed class SummarizeThread(CreditDb db, AssistModel model)
{
    private const int Latest = 30;

    private const string System =
        "You summarise, for a credit collector, the conversation between a B2B seller and one customer about overdue invoices. " +
        "Write at most three short sentences in English: where it stands, what the customer last said, and what waits. " +
        "Use only the facts given; never invent or change an amount, date or invoice number. Return only the summary.";

    private sealed record Fact(DateTime At, string Line);

    public async Task<Result<ThreadSummaryDto>> Handle(string customerNumber, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Number == customerNumber).Select(c => new { c.Id, c.Number }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var reminders = await db.DunningMessages.AsNoTracking().Where(m => m.CustomerId == customer.Id).OrderByDescending(m => m.Id).Take(Latest)
            .Select(m => new { m.SentAtUtc, m.RunOn, m.LevelName, m.Channel, m.TotalsText }).ToListAsync(ct);
        var byHand = await db.CollectionActivities.AsNoTracking().Where(a => a.CustomerId == customer.Id && (a.Kind == ActivityKind.ReminderSent || a.Kind == ActivityKind.RemindersHeld))
            .OrderByDescending(a => a.Id).Take(Latest).ToListAsync(ct);
        var replies = await db.InboundReplies.AsNoTracking().Where(r => r.CustomerId == customer.Id).OrderByDescending(r => r.Id).Take(Latest).ToListAsync(ct);
        var sentByHand = byHand.Count(a => a.Kind == ActivityKind.ReminderSent);
        var facts = reminders.Select(m => new Fact(m.SentAtUtc, $"{PlainWords.Date(m.RunOn)}: {m.LevelName} sent by {Channel(m.Channel)}, {m.TotalsText} overdue."))
            .Concat(byHand.Select(a => new Fact(a.AtUtc, $"{PlainWords.Date(DateOnly.FromDateTime(a.AtUtc))}: {ByHand(a)}")))
            .Concat(replies.Select(r => new Fact(r.ReceivedAtUtc, $"{PlainWords.Date(r.ReceivedOn)}: reply received: {Reading(r)}; {Status(r)}.")))
            .OrderBy(f => f.At).Select(f => f.Line).ToList();
        var sent = reminders.Count + sentByHand;
        var rules = RulesSummary(sent, replies);
        if (!model.IsOn || facts.Count == 0)
        {
            return new ThreadSummaryDto(customer.Number, rules, "rules", null, sent, replies.Count, facts);
        }

        var prompt = "The conversation, oldest first:\n" + string.Join('\n', facts.Select(f => "- " + f));
        var answer = await Reused(customer.Id, prompt, ct) ?? await Ask(customer.Id, prompt, ct);
        return answer.Answered
            ? new ThreadSummaryDto(customer.Number, answer.Text!, "language model", null, sent, replies.Count, facts)
            : new ThreadSummaryDto(customer.Number, rules, "rules", $"{AssistModel.Why(answer.Outcome)}: this is the rules' summary.", sent, replies.Count, facts);
    }

    private async Task<AssistAnswer?> Reused(long customerId, string prompt, CancellationToken ct)
    {
        var full = System + "\n\n" + prompt;
        var text = await db.AssistExchanges.AsNoTracking()
            .Where(x => x.Purpose == "thread-summary" && x.CustomerId == customerId && x.Outcome == "answered" && x.Prompt == full)
            .OrderByDescending(x => x.Id).Select(x => x.Response).FirstOrDefaultAsync(ct);
        return text is null ? null : new AssistAnswer(text, "answered");
    }

    private async Task<AssistAnswer> Ask(long customerId, string prompt, CancellationToken ct)
    {
        var answer = await model.Ask("thread-summary", System, prompt, customerId, null, ct);
        await db.SaveChangesAsync(ct); // the exchange is recorded, answered or not
        return answer;
    }

    /// <summary>The plain summary: how many reminders (the latest), how many replies (what the latest said and what became of it), and how many wait.</summary>
    internal static string RulesSummary(int reminderCount, IReadOnlyList<InboundReply> replies)
    {
        if (reminderCount == 0 && replies.Count == 0)
        {
            return "No reminder sent and no reply received yet.";
        }

        var text = reminderCount switch
        {
            0 => "No reminder sent yet.",
            1 => "1 reminder sent.",
            _ => $"{reminderCount} reminders sent.",
        };
        if (replies.Count == 0)
        {
            return text + " The customer has not replied.";
        }

        var latest = replies[0];
        text += replies.Count == 1 ? " 1 reply received." : $" {replies.Count} replies received.";
        text += $" The latest, on {PlainWords.Date(latest.ReceivedOn)}, {Reading(latest)}; {Status(latest)}.";
        var earlier = replies.Skip(1).Count(r => r.Status == ReplyStatus.Waiting);
        return earlier switch
        {
            0 => text,
            1 => text + " 1 earlier reply also waits for a collector.",
            _ => text + $" {earlier} earlier replies also wait for a collector.",
        };
    }

    /// <summary>What was read from a reply, in a collector's words: "promises to pay 400.00 USD by 2026-12-15 for invoice INV-1".</summary>
    internal static string Reading(InboundReply r)
    {
        var amount = r.AmountMinor is { } m ? " " + new Money(m, Currency.Of(r.Currency!)).ToDisplayString() : string.Empty;
        var on = r.On is { } d ? PlainWords.Date(d) : null;
        var invoices = r.Invoices.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var named = invoices.Length switch { 0 => string.Empty, 1 => " for invoice " + invoices[0], _ => " for invoices " + string.Join(", ", invoices) };
        return r.Label switch
        {
            ReplyLabel.Promise => $"promises to pay{amount}{(on is null ? string.Empty : " by " + on)}{named}",
            ReplyLabel.Paid => $"says it paid{amount}{(on is null ? string.Empty : " on " + on)}{named}",
            ReplyLabel.Dispute => $"disputes{(invoices.Length > 0 ? " invoice " + string.Join(", ", invoices) : " an invoice")}{(r.Reason is { } reason ? ": " + DisputeCaseFlow.Describe(reason).ToLowerInvariant() : string.Empty)}",
            ReplyLabel.WrongContact => "says it is the wrong contact",
            ReplyLabel.OutOfOffice => "is an out-of-office answer" + (on is null ? string.Empty : " (back on " + on + ")"),
            ReplyLabel.CopyRequest => $"asks for a copy{(invoices.Length > 0 ? named : " of an invoice")}",
            ReplyLabel.Other => "says something the rules do not recognise",
        };
    }

    /// <summary>What became of a reply, as the end of a sentence: "it waits for a collector", "ana@x.example confirmed it: promise recorded ...".</summary>
    private static string Status(InboundReply r) => r.Status switch
    {
        ReplyStatus.Waiting when r.Outcome is { Length: > 0 } note => $"it waits for a collector ({Lower(note)})",
        ReplyStatus.Waiting => "it waits for a collector",
        ReplyStatus.Confirmed => $"{PlainWords.Actor(r.DecidedBy)} confirmed it: {Lower(r.Outcome)}",
        ReplyStatus.Discarded => $"{PlainWords.Actor(r.DecidedBy)} discarded it",
        ReplyStatus.AppliedAutomatically => $"Credo's assistant applied it: {Lower(r.Outcome)}",
    };

    /// <summary>An outcome sentence inside another: its first letter lowered and its last full stop dropped.</summary>
    private static string Lower(string? outcome) =>
        outcome is not { Length: > 0 } o ? "nothing changed" : (char.ToLowerInvariant(o[0]) + o[1..]).TrimEnd('.');

    /// <summary>A reminder a collector sent by hand, or reminders held after a reply, as a line of the thread.</summary>
    private static string ByHand(CollectionActivity a) => a.Kind == ActivityKind.ReminderSent
        ? $"reminder sent by hand by {PlainWords.Actor(a.By)}."
        : $"reminders held until {PlainWords.Date(a.SnoozeUntil)} by {PlainWords.Actor(a.By)}.";

    private static string Channel(DunningChannel channel) => PreviewDunning.ChannelText(channel);

    public static async Task<IResult> Endpoint(string number, SummarizeThread use, CancellationToken ct)
    {
        var result = await use.Handle(number, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
