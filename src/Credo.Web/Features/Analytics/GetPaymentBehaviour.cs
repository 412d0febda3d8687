using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

internal sealed record PaymentBehaviourDto(
    string CustomerNumber, string Currency, DateOnly AsOf, IReadOnlyList<BehaviourWindow> Windows, IReadOnlyList<ScoreAt> ScoreHistory, DisputeRate Disputes)
{
    /// <summary>Promises to pay kept and broken in the 12 months to the as-of date (collections, issue 14 §3); null when none was ever made.</summary>
    public PromiseRecord? Promises { get; init; }
}

/// <summary>The PAYDEX-like score (24-month window) at one month end; null: nothing paid in the window.</summary>
internal sealed record ScoreAt(DateOnly MonthEnd, decimal? Paydex);

/// <summary>
/// Of the invoices issued in the 12 months to the as-of date, how many were disputed by then (a dispute opened on or
/// before it, resolved or not): today's source is the disputes table (issue 14 is turning disputes into cases; this
/// query is the one place to change).
/// </summary>
internal sealed record DisputeRate(int Invoices, int Disputed, decimal? Percent);

/// <summary>
/// A customer's payment behaviour as of a date, in the customer's currency: for the last 3, 6, 12 and 24 months, days to
/// pay, days beyond terms (all invoices, and the late ones), % on time and the PAYDEX-like score
/// (<see cref="PaymentBehaviour"/>), from the invoices paid by then (<see cref="AsOfLedger.PaidOn"/>).
/// </summary>
internal sealed class GetPaymentBehaviour(ReadDb read, IPromiseHistory promises)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public async Task<Result<PaymentBehaviourDto>> Handle(string number, DateOnly? asOf, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Number == number).Select(c => new { c.Id, c.Currency }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return new NotFound("Customer", number);
        }

        var on = asOf ?? db.Today();
        var entries = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Currency == customer.Currency && e.PostedOn <= on)
            .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CustomerId == customer.Id && a.AppliedOn <= on)
            .Select(a => new DatedAllocation(a.CreditId, a.DebitId, a.AmountMinor, a.AppliedOn)).ToListAsync(ct);
        var paid = PaidItems(on, entries, allocations, Currency.Of(customer.Currency));
        var windows = new List<BehaviourWindow>();
        foreach (var months in PaymentBehaviour.Windows)
        {
            var window = PaymentBehaviour.Of(paid, on, months);
            if (!window.IsOk)
            {
                return window.Error!;
            }

            windows.Add(window.Value!);
        }

        var history = new List<ScoreAt>();
        for (var m = ScoreHistoryMonths; m >= 0; m--)
        {
            var monthEnd = new DateOnly(on.Year, on.Month, 1).AddMonths(1 - m).AddDays(-1);
            var at = monthEnd > on ? on : monthEnd;
            var score = PaymentBehaviour.Of(paid, at, 24);
            history.Add(new ScoreAt(at, score.IsOk ? score.Value!.Paydex : null));
        }

        return new PaymentBehaviourDto(number, customer.Currency, on, windows, history, await Disputes(customer.Id, entries, on, ct))
        {
            Promises = await promises.For(customer.Id, on.AddMonths(-12), on, ct), // collections (issue 14 §3): promise history
        };
    }

    /// <summary>The invoices paid in full by <paramref name="on"/> (<see cref="AsOfLedger.PaidOn"/>) as the behaviour measures them, in one currency.</summary>
    internal static List<PaidItem> PaidItems(DateOnly on, IReadOnlyList<DatedEntry> entries, IReadOnlyList<DatedAllocation> allocations, Currency currency) =>
        [
            .. AsOfLedger.PaidOn(on, entries, allocations)
                .Where(p => p.Invoice.AmountMinor > 0)
                .Select(p => new PaidItem(new PaidInvoice(new Money(p.Invoice.AmountMinor, currency), p.Invoice.DueOn ?? p.Invoice.PostedOn, p.PaidOn), p.Invoice.PostedOn)),
        ];

    /// <summary>Month ends of the score history before the as-of month (the as-of date itself is the last point).</summary>
    public const int ScoreHistoryMonths = 12;

    private async Task<DisputeRate> Disputes(long customerId, List<DatedEntry> entries, DateOnly on, CancellationToken ct)
    {
        var since = on.AddMonths(-12);
        var invoices = entries.Where(e => e is { Kind: EntryKind.Invoice, AppliesToId: null } && e.PostedOn > since).Select(e => e.Id).ToHashSet();
        var endOfDay = on.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var disputed = (await db.Disputes.AsNoTracking().Where(d => d.CustomerId == customerId && d.OpenedAtUtc < endOfDay).Select(d => d.EntryId).ToListAsync(ct))
            .Where(invoices.Contains).Distinct().Count();
        return new DisputeRate(invoices.Count, disputed, invoices.Count == 0 ? null : decimal.Round(disputed * 100m / invoices.Count, 1));
    }

    public static async Task<IResult> Endpoint(string number, DateOnly? asOf, GetPaymentBehaviour use, CancellationToken ct)
    {
        var result = await use.Handle(number, asOf, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
