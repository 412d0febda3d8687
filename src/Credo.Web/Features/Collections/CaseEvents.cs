using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Collections;

/// <summary>A dispute or deduction case was opened on an invoice (by staff, by the buyer in the portal, or by a short payment).</summary>
internal sealed record CaseOpened(long CaseId, string CustomerNumber, string Invoice, string Kind, string Reason, decimal Amount, string Currency, DateOnly DueOn, string Source) : IOutboxEvent<CaseOpened>
{
    public static EventTopic Topic { get; } = new("collections.case-opened", EventAudience.Integrators, "A dispute or deduction case was opened on an invoice; its disputed amount leaves dunning.");
}

/// <summary>A case moved on (investigating, waiting for the customer, answered) without being resolved.</summary>
internal sealed record CaseStatusChanged(long CaseId, string CustomerNumber, string Invoice, string Status) : IOutboxEvent<CaseStatusChanged>
{
    public static EventTopic Topic { get; } = new("collections.case-status-changed", EventAudience.Integrators, "A dispute or deduction case moved to investigating, waiting for the customer, or back.");
}

/// <summary>A case was resolved: by a credit note or a write-off (with the posted document), or as valid (the invoice stands).</summary>
internal sealed record CaseResolved(long CaseId, string CustomerNumber, string Invoice, string Status, decimal Amount, string Currency, string? Document) : IOutboxEvent<CaseResolved>
{
    public static EventTopic Topic { get; } = new("collections.case-resolved", EventAudience.Integrators, "A dispute or deduction case was resolved by a credit note, as valid, or written off.");
}
