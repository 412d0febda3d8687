using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.CashApplication;

// Cash application's events (docs/webhooks.md lists them; a test keeps that list equal to the catalogue). The payloads
// are the webhook contract: a field is never renamed or removed, only added.

/// <summary>One invoice a bank line paid and the amount, in minor units.</summary>
internal sealed record AppliedInvoice(string Invoice, long AmountMinor);

/// <summary>
/// A bank line was applied: its payment (<see cref="PaymentReference"/>) is posted with the allocations, by the engine
/// (<see cref="Action"/> matched) or a person (confirmed, manual).
/// </summary>
internal sealed record BankLineApplied(
    long LineId, long StatementId, string CustomerNumber, string PaymentReference, long AmountMinor, string Currency,
    IReadOnlyList<AppliedInvoice> Invoices, long OnAccountMinor, string Action, int Score, string By,
    AppliedExchange? Exchange = null) : IOutboxEvent<BankLineApplied> // Exchange (cashfx): a line paying invoices in another currency; AmountMinor and Currency are then the payment as posted, in the invoices' currency
{
    public static EventTopic Topic { get; } = new("cash-application.line-applied", EventAudience.Integrators, "A bank line was applied: its payment was posted to a customer with the invoices and amounts it pays, by the engine or a person.");
}

/// <summary>An applied bank line was undone: its payment (<see cref="PaymentReference"/>) is reversed and the invoices are open again.</summary>
internal sealed record BankLineUndone(long LineId, long StatementId, string PaymentReference, string Reason, string By) : IOutboxEvent<BankLineUndone>
{
    public static EventTopic Topic { get; } = new("cash-application.line-undone", EventAudience.Integrators, "An applied bank line was undone: its payment was reversed and the invoices it paid are open again.");
}
