using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Replies;

/// <summary>A customer's reply came in and was read by the rules (and the language model, when configured).</summary>
internal sealed record ReplyReceived(string MessageId, string? CustomerNumber, string Label, int ConfidencePercent, string Source) : IOutboxEvent<ReplyReceived>
{
    public static EventTopic Topic { get; } = new("collections.reply-received", EventAudience.Integrators, "A customer's reply to a reminder came in and waits for a collector, with what the rules read in it.");
}

/// <summary>A collector confirmed (or discarded) what a reply says; a promise or a case may have been made from it.</summary>
internal sealed record ReplyDecided(long ReplyId, string? CustomerNumber, string Decision, string Label, string Outcome, long? PromiseId, long? CaseId) : IOutboxEvent<ReplyDecided>
{
    public static EventTopic Topic { get; } = new("collections.reply-decided", EventAudience.Integrators, "A collector confirmed or discarded a customer's reply; confirming a promise records it, confirming a dispute opens a case.");
}

/// <summary>A collector sent a reminder they reviewed (drafted from the template, or with the language model's help).</summary>
internal sealed record ReminderSentByCollector(string CustomerNumber, string DraftedWith, string By) : IOutboxEvent<ReminderSentByCollector>
{
    public static EventTopic Topic { get; } = new("collections.reminder-sent-by-collector", EventAudience.Integrators, "A collector reviewed and sent a reminder by hand.");
}
