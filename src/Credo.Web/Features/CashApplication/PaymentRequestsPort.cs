using Credo.Domain.Matching;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Payments announced before the money arrives, each with the ISO 11649 creditor reference the payer was given and
/// exactly the invoices and amounts it pays (the buyer portal's bank-transfer requests, issue 16). The matcher's stage 1
/// recognises a bank line quoting one (<see cref="RequestedPayment"/>). Cash application owns this port; the portal
/// implements it, so cash application names no portal type. None registered: no requests.
/// </summary>
internal interface IPaymentRequests
{
    /// <summary>The requests in <paramref name="currency"/> still waiting for their money.</summary>
    Task<IReadOnlyList<RequestedPayment>> Waiting(string currency, CancellationToken ct);
}
