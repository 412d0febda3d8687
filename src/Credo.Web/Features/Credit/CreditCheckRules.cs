using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Credit;

/// <summary>A credit-check request that passed <see cref="CreditCheckRules.Validate"/>: trimmed and typed.</summary>
internal sealed record ValidCheck(string OrderReference, string CustomerNumber, Money Amount, DateOnly? ShipOn);

/// <summary>
/// The rules of a credit-check request, written once and used by both writers: the per-check transaction
/// (<see cref="CheckCredit"/>) and the SQLite/PostgreSQL batch writer (<see cref="CheckBatch"/>). What a valid
/// request is, when an order is beyond the horizon, when a retry is a replay and when it reuses a reference, the
/// state a check records (<see cref="ReservationLifecycle.Checked"/>), and the event it publishes (the answer as
/// stored, under <see cref="OrderApproved"/> or <see cref="OrderHeld"/>). Pure: no database, no clock.
/// </summary>
internal static class CreditCheckRules
{
    public const int MaxOrderReferenceLength = 128;

    /// <summary>The request's fields, checked in the order a caller reads them; the first fault is the answer.</summary>
    public static Result<ValidCheck> Validate(CreditCheckRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.OrderReference) || request.OrderReference.Trim().Length > MaxOrderReferenceLength)
        {
            return new ValidationFailed("orderReference", $"An order reference of 1 to {MaxOrderReferenceLength} characters is required.");
        }

        if (string.IsNullOrWhiteSpace(request.Customer))
        {
            return new ValidationFailed("customer", "A customer number is required.");
        }

        var currency = MoneyJson.ParseCurrency(request.Currency);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        var amount = MoneyJson.Positive(request.Amount, currency.Value);
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        return new ValidCheck(request.OrderReference.Trim(), request.Customer.Trim(), amount.Value, request.ShipDate);
    }

    /// <summary>An order shipping beyond the horizon is recorded as scheduled, not checked yet.</summary>
    public static bool BeyondHorizon(CreditOptions options, DateOnly? shipOn, DateOnly today) =>
        options.HorizonDays is { } horizon && shipOn is { } ship && ship > today.AddDays(horizon);

    /// <summary>The refusal for a customer number nobody has (as the caller typed it).</summary>
    public static DomainError NoCustomer(string? typed) => new ValidationFailed("customer", $"No customer '{typed}'.");

    /// <summary>
    /// A retry of an order already checked: the first answer again, or a refusal when the reference was checked for
    /// another customer or amount (an amendment is the way to change it).
    /// </summary>
    public static Result<CreditCheckAnswer> Replay(CreditReservation stored, long customerId, Money amount, string orderReference) =>
        IsSameOrder(stored.CustomerId, stored.AmountMinor, stored.Currency, customerId, amount)
            ? CreditCheckAnswer.FromStored(stored)
            : Reused(orderReference);

    /// <summary>Whether a second request with this reference is the same order (customer and amount).</summary>
    public static bool IsSameOrder(long storedCustomerId, long storedAmountMinor, string storedCurrency, long customerId, Money amount) =>
        storedCustomerId == customerId && storedAmountMinor == amount.Minor && storedCurrency == amount.Currency.Code;

    public static DomainError Reused(string orderReference) =>
        new Refusal("order-reference-reused", $"Order '{orderReference}' was already checked for another customer or amount; amend it instead.", "orderReference");

    /// <summary>The outbox topic of a decided check (the batch writer stores it with the answer it already holds).</summary>
    public static string DecisionTopic(bool approved) => approved ? OrderApproved.Topic.Name : OrderHeld.Topic.Name;
}
