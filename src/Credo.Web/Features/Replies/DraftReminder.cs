using System.Globalization;
using System.Text;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Replies;

/// <summary>A reminder for a collector to review: the template's text, and the model's draft when one is configured and answered.</summary>
internal sealed record ReminderDraftDto(
    string Customer, string Recipient, string RecipientName, string Subject, string TemplateBody, string Draft, string DraftedWith, string? Notice, IReadOnlyList<string> Facts);

/// <summary>
/// Drafts a reminder for a customer from the account's facts as today's dunning plan sees them (overdue items at
/// their level; promised and disputed items left out, with the reason). The template's text is always there; with a
/// language model configured, the model rewrites it in the seller's tone and the customer's language. The prompt
/// carries no names or addresses: the contact is "[contact]", filled in afterwards. Nothing is sent: the collector
/// reads, edits and sends it (<see cref="SendReminder"/>).
/// </summary>
internal sealed class DraftReminder(CreditDb db, PreviewDunning preview, AssistModel model, IOptions<SellerOptions> seller)
{
    private const string Contact = "[contact]";

    public async Task<Result<ReminderDraftDto>> Handle(string customerNumber, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Number == customerNumber).Select(c => new { c.Id, c.Number }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var plan = await preview.Handle(db.Today(), ct);
        var message = plan.Messages.FirstOrDefault(m => m.Customer == customer.Number);
        if (message is null)
        {
            return new Refusal("nothing-to-remind", "Nothing of this customer is due for a reminder today (nothing overdue, all promised or disputed, or a quiet period).");
        }

        var facts = Facts(message);
        var subject = $"{message.LevelName}: {string.Join(", ", message.Totals.Select(Words))} overdue";
        var template = Template(message, facts).Replace(Contact, message.RecipientName, StringComparison.Ordinal);
        var draft = template;
        string drafted = "template", notice = "No language model is configured: this is the level's template text.";
        if (model.IsOn)
        {
            var answer = await model.Ask("reminder-draft", System(message.Language), Prompt(message, facts), customer.Id, null, ct);
            (draft, drafted, notice) = answer.Answered
                ? (answer.Text!.Replace(Contact, message.RecipientName, StringComparison.Ordinal), "language model", "Drafted with the language model from the facts listed: check every figure before sending.")
                : (template, "template", $"{AssistModel.Why(answer.Outcome)}: this is the level's template text.");
            await db.SaveChangesAsync(ct); // the exchange is recorded
        }

        return new ReminderDraftDto(customer.Number, message.Recipient, message.RecipientName, subject, template, draft, drafted, notice, facts);
    }

    private static List<string> Facts(DunningMessageDto message)
    {
        var facts = message.Items.Select(i => $"Invoice {i.Document}, due {Iso(i.DueOn)}, {i.DaysPastDue} days overdue, {Words(i.Open)} open").ToList();
        facts.AddRange(message.LeftOutItems.Select(i => $"Not to be chased: invoice {i.Document} ({Words(i.Open)}): {i.Why}"));
        facts.Add($"Total overdue: {string.Join(", ", message.Totals.Select(Words))}");
        return facts;
    }

    private string Template(DunningMessageDto message, List<string> facts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Dear {Contact},\n\nOur records show the following as overdue:\n\n");
        foreach (var fact in facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {fact}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nIf you have already paid, thank you, and please let us know the payment date. If something is wrong with an invoice, reply and tell us what.\n\nKind regards,\n{seller.Value.DisplayName}");
        return text.ToString();
    }

    private string System(string language) =>
        $"You write payment reminders for {seller.Value.DisplayName}, a B2B seller. Tone: friendly, clear and firm, never threatening; " +
        $"the customer is a valued business partner. Write in the language with the code '{language}'. Use only the facts given; never invent or change an " +
        $"amount, date or invoice number. Greet the reader as {Contact}. Sign as {seller.Value.DisplayName}. Return only the email body.";

    private static string Prompt(DunningMessageDto message, List<string> facts) =>
        $"Reminder level: {message.LevelName}\nFacts:\n{string.Join('\n', facts.Select(f => "- " + f))}\n\nThe template text would say the same in a plain way; make it personal and short.";

    private static string Words(Amount a) => $"{a.Value.ToString("N2", CultureInfo.InvariantCulture)} {a.Currency}";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<IResult> Endpoint(string number, DraftReminder use, CancellationToken ct)
    {
        var result = await use.Handle(number, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}

/// <param name="DraftedWith">"template" or "language model": said on the timeline and in the event.</param>
internal sealed record SendReminderRequest(string? Subject, string? Body, string? DraftedWith);

/// <summary>Sends the reminder a collector reviewed: the email goes through the outbox and the timeline says who sent it and how it was drafted.</summary>
internal sealed class SendReminder(CreditDb db, PreviewDunning preview)
{
    public async Task<Result<string>> Handle(string customerNumber, SendReminderRequest request, CancellationToken ct)
    {
        if (request.Subject?.Trim() is not { Length: > 0 and <= 300 } subject)
        {
            return new ValidationFailed("subject", "A subject of at most 300 characters is needed.");
        }

        if (request.Body?.Trim() is not { Length: > 0 and <= 10_000 } body)
        {
            return new ValidationFailed("body", "The reminder's text is needed (at most 10,000 characters).");
        }

        var customerId = await db.Customers.Where(c => c.Number == customerNumber).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customerId is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var message = (await preview.Handle(db.Today(), ct)).Messages.FirstOrDefault(m => m.Customer == customerNumber);
        if (message is null || !message.Recipient.Contains('@', StringComparison.Ordinal))
        {
            return new Refusal("no-email-recipient", "This customer has no reminder due by email today, so there is no address to send it to.");
        }

        var drafted = request.DraftedWith == "language model" ? "language model" : "template";
        db.QueueEmail(new OutboxEmail(message.Recipient, subject, body, "collector-reminder"));
        db.CollectionActivities.Add(new CollectionActivity
        {
            CustomerId = customerId.Value, Kind = ActivityKind.Note, AtUtc = db.UtcNow, By = db.Actor.Name,
            Text = $"Reminder sent by email to {message.Recipient} (reviewed by {db.Actor.Name}; drafted from the {drafted}): {subject}",
        });
        db.Publish(new ReminderSentByCollector(customerNumber, drafted, db.Actor.Name));
        await db.SaveChangesAsync(ct);
        return message.Recipient;
    }

    public static async Task<IResult> Endpoint(string number, SendReminderRequest request, SendReminder use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Ok(new { sentTo = result.Value }) : result.Error!.ToProblem();
    }
}
