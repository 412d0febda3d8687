using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Portal;

/// <summary>What the buyer chose on the pay page: invoices (by ledger id), optionally a smaller amount, and how to pay.</summary>
internal sealed record PaymentChoice(IReadOnlyList<long>? InvoiceIds, decimal? Amount, PortalPaymentMethod? Method);

/// <summary>
/// A buyer asks to pay chosen invoices of a customer in their scope: each invoice's open amount, or a smaller amount
/// spread over them by due date. The request gets its ISO 11649 creditor reference; for card or US bank account the
/// provider's payment is started (idempotent on the reference). Nothing is posted here: the ledger moves only when the
/// provider confirms (<see cref="HandlePaymentEvent"/>) or the transfer arrives (cash application's matcher).
/// </summary>
internal sealed class RequestPayment(CreditDb db, IPaymentProvider provider, IOptions<PortalPaymentOptions> options)
{
    /// <summary>The ways to pay switched on, in the order the page lists them.</summary>
    public IReadOnlyList<PortalPaymentMethod> Methods(string currency) =>
    [
        .. provider.Enabled ? [PortalPaymentMethod.Card] : Array.Empty<PortalPaymentMethod>(),
        .. provider.Enabled && currency == "USD" ? [PortalPaymentMethod.UsBankAccount] : Array.Empty<PortalPaymentMethod>(),
        .. options.Value.BankTransfer.Enabled ? [PortalPaymentMethod.BankTransfer] : Array.Empty<PortalPaymentMethod>(),
    ];

    public async Task<Result<PaymentRequest>> Handle(ScopedCustomer customer, long buyerId, PaymentChoice choice, CancellationToken ct)
    {
        if (!InvitationFlow.Allows(customer.Role, BuyerRole.Pay))
        {
            return new Refusal("not-allowed", "You may see this account but not pay for it: ask whoever manages your company's access.");
        }

        if (choice.Method is not { } method || !Methods(customer.Currency).Contains(method))
        {
            return new ValidationFailed("method", "Choose how to pay.");
        }

        var plan = await Plan(customer, choice, ct);
        if (!plan.IsOk)
        {
            return plan.Error!;
        }

        var items = plan.Value!;
        var request = new PaymentRequest
        {
            CustomerId = customer.Id,
            BuyerUserId = buyerId,
            Method = method,
            Currency = customer.Currency,
            AmountMinor = items.Sum(i => i.AmountMinor),
            Status = PaymentRequestStatus.Requested,
            Provider = method == PortalPaymentMethod.BankTransfer ? null : provider.Name,
            CreatedAtUtc = db.UtcNow,
        };
        await using (var tx = await OwnedTransaction.Begin(db, ct))
        {
            db.PaymentRequests.Add(request);
            await db.SaveChangesAsync(ct);
            request.Reference = PaymentReference.For(request.Id);
            items.ForEach(i => i.RequestId = request.Id);
            db.PaymentRequestItems.AddRange(items);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return method == PortalPaymentMethod.BankTransfer ? request : await Start(request, customer, ct);
    }

    /// <summary>Starts the provider's payment; a provider that refuses leaves the request failed, with the reason.</summary>
    private async Task<Result<PaymentRequest>> Start(PaymentRequest request, ScopedCustomer customer, CancellationToken ct)
    {
        var order = new ProviderOrder(request.Id, customer.Number, new Money(request.AmountMinor, Currency.Of(request.Currency)), request.Method, request.Reference!,
            $"{customer.Name} ({customer.Number}), payment {request.Reference}");
        var started = await provider.Start(order, ct);
        if (started.IsOk)
        {
            request.ProviderPaymentId = started.Value!.PaymentId;
            request.ClientSecret = started.Value.ClientSecret;
        }
        else
        {
            request.Status = PaymentRequestStatus.Failed;
            request.Note = started.Error!.Message;
        }

        request.UpdatedAtUtc = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return started.IsOk ? request : started.Error!;
    }

    /// <summary>The chosen invoices (open, the customer's) and what is paid on each: all of it, or the amount spread by due date.</summary>
    private async Task<Result<List<PaymentRequestItem>>> Plan(ScopedCustomer customer, PaymentChoice choice, CancellationToken ct)
    {
        var ids = (choice.InvoiceIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new ValidationFailed("invoices", "Choose at least one invoice to pay.");
        }

        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customer.Id && e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && ids.Contains(e.Id))
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id)
            .Select(e => new { e.Id, e.Document, e.OpenMinor, e.Currency }).ToListAsync(ct);
        if (invoices.Count != ids.Count || invoices.Any(i => i.Currency != customer.Currency))
        {
            return new ValidationFailed("invoices", "Choose among the open invoices listed.");
        }

        var total = invoices.Sum(i => i.OpenMinor);
        var left = total;
        if (choice.Amount is { } amount)
        {
            var money = Money.FromMajor(amount, Currency.Of(customer.Currency));
            if (!money.IsOk || !money.Value.IsPositive || money.Value.Minor > total)
            {
                return new ValidationFailed("amount", $"Enter an amount above zero and at most {new Money(total, Currency.Of(customer.Currency)).Major:#,##0.00###} {customer.Currency}, or leave it empty to pay the invoices in full.");
            }

            left = money.Value.Minor;
        }

        var items = new List<PaymentRequestItem>();
        foreach (var invoice in invoices)
        {
            var pay = Math.Min(left, invoice.OpenMinor);
            if (pay > 0)
            {
                items.Add(new PaymentRequestItem { InvoiceId = invoice.Id, InvoiceNumber = invoice.Document ?? invoice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AmountMinor = pay });
                left -= pay;
            }
        }

        return items;
    }
}
