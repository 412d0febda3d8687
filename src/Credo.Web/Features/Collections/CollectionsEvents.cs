using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Collections;

/// <summary>A dunning message was sent (email queued, letter due for printing, or call task created).</summary>
internal sealed record DunningMessageSent(long MessageId, string CustomerNumber, string Level, string Channel, DateOnly RunOn, IReadOnlyList<string> Documents) : IOutboxEvent<DunningMessageSent>
{
    public static EventTopic Topic { get; } = new("collections.dunning-message-sent", EventAudience.Integrators, "A dunning run sent a customer a reminder (email, letter or call task) listing overdue invoices at a level.");
}

/// <summary>A letter is due for printing and posting (its text is stored with the message).</summary>
internal sealed record DunningLetterDue(long MessageId, string CustomerNumber, string RecipientName) : IOutboxEvent<DunningLetterDue>
{
    public static EventTopic Topic { get; } = new("collections.letter-due", EventAudience.Internal, "A dunning letter waits to be printed and posted.");
}

/// <summary>A promise to pay (or a plan instalment) was kept, broken or cancelled.</summary>
internal sealed record PromiseSettled(long PromiseId, string CustomerNumber, string Status, DateOnly PromisedOn, decimal Amount, string Currency) : IOutboxEvent<PromiseSettled>
{
    public static EventTopic Topic { get; } = new("collections.promise-settled", EventAudience.Integrators, "A customer's promise to pay was kept, broken or cancelled.");
}

/// <summary>A dunning level asked for the customer's account to be put on credit hold.</summary>
internal sealed record CreditHoldByDunning(string CustomerNumber, string Level, long MessageId) : IOutboxEvent<CreditHoldByDunning>
{
    public static EventTopic Topic { get; } = new("collections.credit-hold", EventAudience.Integrators, "Dunning reached a level that puts the customer's account on credit hold.");
}

/// <summary>Customers were handed over to a collection agency: their overdue items were exported for it.</summary>
internal sealed record HandedOverToAgency(string Agency, IReadOnlyList<string> CustomerNumbers, int Items, DateOnly On) : IOutboxEvent<HandedOverToAgency>
{
    public static EventTopic Topic { get; } = new("collections.handed-over-to-agency", EventAudience.Integrators, "Customers were handed over to a collection agency: their overdue items and contact data were exported for it.");
}
