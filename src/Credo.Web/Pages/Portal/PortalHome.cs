using Credo.Domain.Credit;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Pages.Portal;

/// <summary>An order of the buyer's held by credit control, and what would release it, in the buyer's words.</summary>
internal sealed record HeldOrder(string Reference, decimal Amount, string Currency, DateOnly CheckedOn, decimal? ReleasingPayment, string Why);

/// <summary>The balance at one month's end (the chart's point and the table's row).</summary>
internal sealed record BalancePoint(DateOnly On, decimal Balance);

/// <summary>What the portal's overview reads from other slices: held orders (the credit slice's hold queue) and the balance over time (the ledger's statement).</summary>
internal static class PortalHome
{
    public const int ChartMonths = 12;

    /// <summary>The customer's held orders, oldest hold first, with the payment the credit check says would release each.</summary>
    public static async Task<IReadOnlyList<HeldOrder>> Held(HoldQueue holds, string customerNumber, CancellationToken ct)
    {
        var page = await holds.Page(new HoldFilter(Customer: customerNumber), null, HoldQueue.MaxPageSize, ct);
        return page.IsOk
            ? [.. page.Value!.Items.Where(h => string.Equals(h.Customer, customerNumber, StringComparison.Ordinal))
                .Select(h => new HeldOrder(h.OrderReference, h.Amount.Value, h.Amount.Currency, h.CheckedOn, h.ReleasingPayment?.Value, Why(h.Reasons.Select(r => r.Code))))]
            : [];
    }

    /// <summary>Why an order waits, without the credit team's codes.</summary>
    public static string Why(IEnumerable<string> codes)
    {
        var words = codes.Distinct(StringComparer.Ordinal).Select(code => code switch
        {
            HoldReason.LimitExceeded => "it would take you over your credit limit",
            HoldReason.Overdue => "some invoices are overdue",
            HoldReason.NoLimit => "your account has no credit limit yet",
            HoldReason.LimitExpired or HoldReason.ReviewOverdue => "your credit limit is due for review",
            HoldReason.NoExchangeRate => "we are checking the exchange rate",
            _ => "our credit team is checking your account",
        }).Distinct(StringComparer.Ordinal).ToList();
        return words.Count == 0 ? "our credit team is checking your account" : string.Join(" and ", words);
    }

    /// <summary>The balance at each of the last <see cref="ChartMonths"/> month ends (the last one: today), from the ledger's statement.</summary>
    public static async Task<IReadOnlyList<BalancePoint>> History(GetStatement statements, string customerNumber, string currency, DateOnly asOf, CancellationToken ct)
    {
        var ends = MonthEnds(asOf, ChartMonths);
        var from = ends[0].AddDays(1 - ends[0].Day);
        var lines = new List<(DateOnly On, decimal Balance)>();
        decimal opening = 0;
        for (var page = 1; page <= 20; page++)
        {
            var result = await statements.Handle(new StatementQuery(customerNumber, currency, From: from, To: asOf, Page: page, PageSize: GetStatement.MaxPageSize), ct);
            if (!result.IsOk)
            {
                return [];
            }

            opening = result.Value!.OpeningBalance;
            lines.AddRange(result.Value.Lines.Select(l => (l.On, l.Balance)));
            if (page * GetStatement.MaxPageSize >= result.Value.TotalLines)
            {
                break;
            }
        }

        return Points(ends, opening, lines);
    }

    /// <summary>The last day of each of <paramref name="months"/> months up to <paramref name="asOf"/> (which stands for its own month).</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(DateOnly asOf, int months) =>
        [.. Enumerable.Range(0, months).Reverse().Select(back =>
        {
            var month = asOf.AddMonths(-back);
            return back == 0 ? asOf : new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
        })];

    /// <summary>The running balance at each end: the last statement line on or before it, else the opening balance.</summary>
    public static IReadOnlyList<BalancePoint> Points(IReadOnlyList<DateOnly> ends, decimal opening, IReadOnlyList<(DateOnly On, decimal Balance)> lines)
    {
        var points = new List<BalancePoint>(ends.Count);
        var balance = opening;
        var i = 0;
        foreach (var end in ends)
        {
            for (; i < lines.Count && lines[i].On <= end; i++)
            {
                balance = lines[i].Balance;
            }

            points.Add(new BalancePoint(end, balance));
        }

        return points;
    }
}
