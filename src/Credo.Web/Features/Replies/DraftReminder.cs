using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Replies;

/// <summary>A reminder for a collector to review: the level's template filled in, and the model's rephrasing of it when one is configured and kept every figure.</summary>
/// <param name="Template">The level's template it was drafted from (level and language), e.g. "first-notice.en".</param>
internal sealed record ReminderDraftDto(
    string Customer, string Recipient, string RecipientName, string Subject, string TemplateBody, string Draft, string DraftedWith, string? Notice, IReadOnlyList<string> Facts, string Template);

/// <summary>
/// Drafts a reminder for a customer from today's dunning plan for it: the dunning level's own template in the customer's
/// language (the same text a run would send: <see cref="DunningTemplates"/>), filled in with the overdue items at their
/// level; fees and interest are left out, since a reminder sent by hand posts none. With a language model configured,
/// the model may only rephrase that text: its draft is kept only when every invoice number, amount, due date and the
/// link are still in it, else the template's text stands and the collector is told why. The prompt carries no names or
/// addresses: the contact is "[contact]", filled in afterwards. Nothing is sent: the collector reads, edits and sends
/// it (<see cref="SendReminder"/>).
/// </summary>
internal sealed class DraftReminder(
    CreditDb db, DunningPolicies policies, IOptions<CollectionsOptions> collections, AssistModel model, IOptions<SellerOptions> seller, PublicLinks links)
{
    private const string Contact = "[contact]";

    public async Task<Result<ReminderDraftDto>> Handle(string customerNumber, CancellationToken ct)
    {
        if (await Plan(customerNumber, ct) is not { } found)
        {
            return new NotFound("Customer", customerNumber);
        }

        var (plan, policy) = found;
        if (plan?.Message is not { } planned)
        {
            return new Refusal("nothing-to-remind", NothingDue(plan));
        }

        var message = PreviewDunning.ToDto(policy, plan);
        var s = seller.Value;
        var rendered = DunningTemplates.Render(planned.TemplateKey, planned with { Fees = [], InterestTotals = [] }, Contact, plan.Customer.Name, new SellerIdentity(s.DisplayName, s.Address, s.ReplyTo), links.To("/portal"));
        var mustKeep = MustKeep(planned, links.To("/portal"));
        var template = rendered.Body.Replace(Contact, message.RecipientName, StringComparison.Ordinal);
        var (draft, drafted, notice) = (template, "template", "No language model is configured: this is the level's template text.");
        if (model.IsOn)
        {
            var answer = await model.Ask("reminder-draft", System(message.Language), Prompt(message, rendered.Body), plan.Customer.Id, null, ct);
            (draft, drafted, notice) = !answer.Answered ? (template, "template", $"{AssistModel.Why(answer.Outcome)}: this is the level's template text.")
                : Missing(answer.Text!, mustKeep) is { } lost ? (template, "template", $"The language model's draft left out or changed {lost}: this is the level's template text.")
                : (answer.Text!.Replace(Contact, message.RecipientName, StringComparison.Ordinal), "language model", "Rephrased by the language model from the level's template: check every figure before sending.");
            await db.SaveChangesAsync(ct); // the exchange is recorded
        }

        return new ReminderDraftDto(plan.Customer.Number, message.Recipient, message.RecipientName, rendered.Subject, template, draft, drafted, notice, Facts(message), planned.TemplateKey);
    }

    /// <summary>Today's plan for this customer alone (null when there is no such customer; a plan without a message when nothing is due).</summary>
    private async Task<(CustomerPlan? Plan, DunningPolicy Policy)?> Plan(string customerNumber, CancellationToken ct)
    {
        var id = await db.Customers.AsNoTracking().Where(c => c.Number == customerNumber).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        var on = db.Today();
        var (_, policy) = await policies.Current(ct);
        var promises = await PromiseBook.Evaluate(db, on, collections.Value.Tolerance, id, track: false, ct);
        var customers = (await DunningFacts.Load(db, policy, promises, on, ct)).Where(c => c.Id == id);
        var plans = DunningPlanner.Plan(policy, customers, on);
        return (plans.Count > 0 ? plans[0] : null, policy);
    }

    /// <summary>Why the customer is due no reminder today, in the planner's own words (the same reason the dunning preview gives).</summary>
    internal static string NothingDue(CustomerPlan? plan) => plan switch
    {
        { LeftOut: { } why } => $"No reminder is due for this customer today: {Lower(why.Text.TrimEnd('.'))}.",
        { ExcludedItems.Count: > 0 } => $"No reminder is due for this customer today: every item due one is left out ({string.Join("; ", plan.ExcludedItems.Select(e => Lower(e.Why.Text.TrimEnd('.'))).Distinct())}).",
        _ => "No reminder is due for this customer today: nothing of theirs is overdue or about to fall due.",
    };

    /// <summary>A sentence of the planner's, continuing ours after a colon.</summary>
    private static string Lower(string sentence) => sentence.Length > 0 ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence;

    /// <summary>What a rephrasing must still say, word for word: each invoice number, due date and amount, each total, and the link.</summary>
    internal static IReadOnlyList<string> MustKeep(PlannedMessage message, Uri link) =>
    [
        .. message.Items.SelectMany(i => new[] { i.Item.Document, PlainWords.Date(i.Item.DueOn), i.Item.Open.ToDisplayString() }),
        .. message.Totals.Select(t => t.ToDisplayString()),
        link.AbsoluteUri,
    ];

    /// <summary>The first figure the model's text lost (quoted), or null when it kept them all.</summary>
    internal static string? Missing(string draft, IReadOnlyList<string> mustKeep) =>
        mustKeep.FirstOrDefault(k => !draft.Contains(k, StringComparison.Ordinal)) is { } lost ? $"\u201c{lost}\u201d" : null;

    private static List<string> Facts(DunningMessageDto message)
    {
        var facts = message.Items.Select(i => $"Invoice {i.Document}, due {PlainWords.Date(i.DueOn)}, {i.DaysPastDue} days overdue, {Words(i.Open)} open").ToList();
        facts.AddRange(message.LeftOutItems.Select(i => $"Not to be chased: invoice {i.Document} ({Words(i.Open)}): {i.Why}"));
        facts.Add($"Total overdue: {string.Join(", ", message.Totals.Select(Words))}");
        return facts;
    }

    private string System(string language) =>
        $"You rephrase payment reminders for {seller.Value.DisplayName}, a B2B seller. Tone: friendly, clear and firm, never threatening; " +
        $"the customer is a valued business partner. Write in the language with the code '{language}'. You are given the reminder's template text: " +
        "keep its meaning and its order, and copy every invoice number, date, amount and link exactly as written; add no new facts, threats or " +
        $"promises, and do not leave an item out. Keep the greeting to {Contact}. Return only the email body.";

    private static string Prompt(DunningMessageDto message, string template) =>
        $"Reminder level: {message.LevelName}\nThe template text, to rephrase within:\n\n{template}";

    /// <summary>An amount with its currency at the currency's own scale (JPY without decimals), as the house writes money.</summary>
    internal static string Words(Amount a) => Domain.Amounts.Money.FromMajor(a.Value, Domain.Amounts.Currency.Of(a.Currency)).Value.ToDisplayString();


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
            CustomerId = customerId.Value, Kind = ActivityKind.ReminderSent, AtUtc = db.UtcNow, By = db.Actor.Name,
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
