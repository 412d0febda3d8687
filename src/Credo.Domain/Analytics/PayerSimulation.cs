namespace Credo.Domain.Analytics;

/// <summary>A simulated customer's hidden traits (what the prediction must learn without seeing them).</summary>
public sealed record SimulatedPayer(CustomerFact Customer, double Habit, double Scale, DateOnly? DeterioratesFrom);

/// <summary>What drives a payer's lateness apart from the invoice: its habit (days), its segment's days, when it began trading and when (if ever) it began to deteriorate.</summary>
public sealed record PayerTraits(double Habit, double SegmentDays, DateOnly Since, DateOnly? DeterioratesFrom);

/// <summary>
/// Synthetic payers whose lateness depends on the things a credit manager knows matter (issue 13 §5): a personal habit
/// (what the baselines see), the segment, tenure (new customers pay later), the invoice's size against the customer's
/// usual (large ones wait), seasonality (December and August slip), deterioration (some customers pay later and later
/// from a day on), disputes (a disputed invoice waits for its answer) and what is already overdue. Pure apart from the
/// <see cref="Random"/> it is given: the same seed gives the same history.
/// </summary>
public static class PayerSimulation
{
    private static readonly (string Code, double Days)[] Segments = [("retail", 2), ("wholesale", 6), ("public", 14), ("online", -2)];

    /// <summary><paramref name="customers"/> payers trading over the <paramref name="months"/> before <paramref name="asOf"/>; payments after it are unknown (unpaid).</summary>
    public static (IReadOnlyList<SimulatedPayer> Payers, IReadOnlyList<InvoiceFact> Invoices) Generate(Random random, int customers, int invoicesPerCustomer, int months, DateOnly asOf)
    {
        var start = asOf.AddMonths(-months);
        var payers = new List<SimulatedPayer>();
        var invoices = new List<InvoiceFact>();
        long id = 1;
        for (var c = 1; c <= customers; c++)
        {
            var segment = Segments[random.Next(Segments.Length)];
            var since = start.AddDays(random.Next(months * 30 * 3 / 4));
            var habit = Normal(random) * 6;
            var scale = Math.Exp(Normal(random)) * 100_000;
            DateOnly? worsens = random.NextDouble() < 0.2 ? since.AddDays(60 + random.Next(Math.Max(1, asOf.DayNumber - since.DayNumber - 60))) : null;
            var payer = new SimulatedPayer(new CustomerFact(c, since, segment.Code), habit, scale, worsens);
            payers.Add(payer);
            var span = asOf.DayNumber - since.DayNumber;
            var count = Math.Max(2, (int)(invoicesPerCustomer * (span / (months * 30.0))));
            var open = new List<(DateOnly Due, DateOnly? Paid)>();
            foreach (var day in Enumerable.Range(0, count).Select(_ => since.AddDays(random.Next(Math.Max(1, span)))).Order())
            {
                invoices.Add(Invoice(random, payer, segment.Days, id++, day, asOf, open));
            }
        }

        return (payers, invoices);
    }

    private static InvoiceFact Invoice(Random random, SimulatedPayer payer, double segmentDays, long id, DateOnly issued, DateOnly asOf, List<(DateOnly Due, DateOnly? Paid)> earlier)
    {
        var size = Math.Exp(Normal(random) * 0.8);
        var amount = Math.Max(100, (long)(payer.Scale * size));
        var terms = random.NextDouble() < 0.7 ? 30 : 60;
        var due = issued.AddDays(terms);
        var overdue = earlier.Count(e => e.Due < issued && (e.Paid is null || e.Paid >= issued));
        var days = DaysBeyondTerms(random, new PayerTraits(payer.Habit, segmentDays, payer.Customer.Since, payer.DeterioratesFrom), issued, size, overdue);
        DateOnly? disputed = random.NextDouble() < 0.03 ? issued.AddDays(5 + random.Next(10)) : null;
        days += disputed is null ? 0 : 20;
        var paid = due.AddDays((int)Math.Round(Math.Clamp(days, -terms + 1, 300)));
        earlier.Add((due, paid));
        return new InvoiceFact(id, payer.Customer.CustomerId, issued, due, amount, paid <= asOf ? paid : null, disputed <= asOf ? disputed : null);
    }

    /// <summary>
    /// How many days beyond its terms one invoice is paid (before any dispute), the one rule the generator and the demo
    /// share: the payer's habit and segment, tenure under 120 days (+10), the size against the usual (over twice +12,
    /// under half −3), December and August (+9), deterioration (a day more per 6 days since it began), +3 per invoice
    /// already overdue at issue, and noise (normal, σ 4 days). Draws one normal from <paramref name="random"/>.
    /// </summary>
    public static double DaysBeyondTerms(Random random, PayerTraits payer, DateOnly issued, double sizeVsUsual, int overdueAtIssue)
    {
        var tenure = issued.DayNumber - payer.Since.DayNumber;
        return payer.Habit + payer.SegmentDays
            + (tenure < 120 ? 10 : 0)
            + (sizeVsUsual > 2 ? 12 : sizeVsUsual < 0.5 ? -3 : 0)
            + (issued.Month is 12 or 8 ? 9 : 0)
            + (payer.DeterioratesFrom is { } from && issued > from ? (issued.DayNumber - from.DayNumber) / 6.0 : 0)
            + (overdueAtIssue * 3)
            + (Normal(random) * 4);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
