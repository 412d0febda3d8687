using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Records a payment received: a credit item, applied as told or oldest-first; what does not fit stays
/// unapplied on account.
/// </summary>
internal sealed class RecordPayment(CreditDb db, IEnumerable<IPaymentFollowUp> followUps)
{
    public async Task<Result<DocumentDto>> Handle(RecordPaymentRequest request, CancellationToken ct)
    {
        var basics = await db.NewDocument(request.CustomerNumber, refuseClosed: false, request.Reference, "reference", "payment reference", request.Currency, request.Amount, ct);
        if (!basics.IsOk)
        {
            return basics.Error!;
        }

        var (customer, money) = basics.Value;

        if (PaymentMethods.Parse(request.Method) is not { } method)
        {
            return new ValidationFailed("method", $"The method is one of: {string.Join(", ", PaymentMethods.Slugs)}.");
        }

        if (LedgerInputs.Optional(request.ExternalRef, "externalRef", 128) is { } badText)
        {
            return badText;
        }

        var reference = request.Reference!.Trim();
        var receivedOn = request.ReceivedOn ?? db.Today();
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                if (await db.DocumentExists(EntryKind.Payment, reference, ct))
                {
                    return LedgerInputs.Duplicate(EntryKind.Payment, reference, "reference");
                }

                var plan = await Allocator.Plan(db, CreditItem.New(EntryKind.Payment, customer.Id, money), request.Allocations, request.AutoAllocate, ct);
                if (!plan.IsOk)
                {
                    return plan.Error!;
                }

                var payment = new LedgerEntry
                {
                    CustomerId = customer.Id,
                    Kind = EntryKind.Payment,
                    Document = reference,
                    PostedOn = receivedOn,
                    Currency = money.Currency.Code,
                    AmountMinor = -money.Minor,
                    Method = method.Slug(),
                    ExternalRef = LedgerInputs.Blank(request.ExternalRef),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    OpenMinor = -money.Minor,
                    State = ItemState.Open,
                };
                db.Entries.Add(payment);
                var touched = Allocator.Post(db, payment, plan.Value!, receivedOn);
                await LedgerCache.Refresh(db, [payment], touched, ct);
                await db.SaveChangesAsync(ct);
                await FollowUp(payment, request, receivedOn, ct); // collections (issue 14): deductions from short payments
                return (await Documents.Load(db, payment.Id, ct))!;
            },
            ct,
            async () => await db.DocumentExists(EntryKind.Payment, reference, ct) ? LedgerInputs.Duplicate(EntryKind.Payment, reference, "reference") : null);
    }

    /// <summary>Runs the other slices' follow-ups (<see cref="IPaymentFollowUp"/>) in the payment's transaction.</summary>
    private async Task FollowUp(LedgerEntry payment, RecordPaymentRequest request, DateOnly receivedOn, CancellationToken ct)
    {
        var named = request.Allocations?.Select(a => a.InvoiceNumber?.Trim()).OfType<string>().Where(n => n.Length > 0).Distinct().ToList() ?? [];
        foreach (var followUp in followUps)
        {
            await followUp.Recorded(new RecordedPayment(payment.Id, payment.CustomerId, payment.Document!, receivedOn, named), ct);
        }
    }

    public static async Task<IResult> Endpoint(RecordPaymentRequest request, RecordPayment use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/payments/{Uri.EscapeDataString(result.Value!.Number!)}", result.Value)
            : result.Error!.ToProblem();
    }
}
