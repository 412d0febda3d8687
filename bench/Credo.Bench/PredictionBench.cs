using System.CommandLine;
using System.Diagnostics;
using Credo.Domain.Analytics;
using Credo.Domain.Ledger;
using Credo.Web.Features.Analytics;

namespace Credo.Bench;

/// <summary>
/// <c>analytics [--customers N] [--invoices-per-customer K] [--open M]</c> (issue 13 §9), no database: the pure parts of
/// the analytics at scale. (1) training the late-payment model on generated paid invoices (features, hold-out fit, final
/// fit), (2) scoring the open ones, (3) the as-of derivation of what was open on a day (<see cref="AsOfLedger.OpenOn"/>,
/// the ledger's own Derivation) over the same invoices plus payments, and the aging of it by customer. Prints wall and
/// process CPU time; see bench/README.md.
/// </summary>
internal static class PredictionBench
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 10_000 };
        var perCustomer = new Option<int>("--invoices-per-customer") { DefaultValueFactory = _ => 170 };
        var open = new Option<int>("--open") { DefaultValueFactory = _ => 100_000 };
        var command = new Command("analytics", "Late-payment training and scoring, as-of derivation and aging at scale (no database).") { customers, perCustomer, open };
        command.SetAction(parse =>
        {
            var asOf = new DateOnly(2026, 12, 7);
            var clock = Stopwatch.StartNew();
            var (payers, invoices) = PayerSimulation.Generate(new Random(1), parse.GetValue(customers), parse.GetValue(perCustomer), 30, asOf);
            var facts = payers.Select(p => p.Customer).ToList();
            Console.WriteLine($"Generated {invoices.Count:N0} invoices for {facts.Count:N0} customers in {clock.Elapsed.TotalSeconds:N1} s");

            var examples = Measure("features of every invoice (known at issue)", () => LatePayment.Examples(asOf, facts, invoices));
            var paid = examples.Where(e => e.Invoice.PaidOn is not null).ToList();
            var model = Measure($"training on {paid.Count:N0} paid invoices (hold-out fit + final fit, 2 models each)", () => LatePaymentLearner.Train(paid, 13));
            Console.WriteLine($"  hold-out: model AUC {model.Card.Model?.Auc:N3}, prior-late-rate AUC {model.Card.PriorLateRate?.Auc:N3}, days-to-pay AUC {model.Card.AverageDaysToPay?.Auc:N3}");
            var openRows = examples.Where(e => e.Invoice.PaidOn is null).ToList();
            var toScore = Enumerable.Range(0, parse.GetValue(open)).Select(i => openRows.Count == 0 ? paid[i % paid.Count] : openRows[i % openRows.Count]).ToList();
            Measure($"scoring {toScore.Count:N0} open invoices", () => LatePaymentLearner.Predict(model, toScore));

            // The same invoices as a ledger: each paid one with its payment and allocation.
            var entries = new List<DatedEntry>(invoices.Count * 2);
            var allocations = new List<DatedAllocation>(invoices.Count);
            long nextId = invoices.Max(i => i.Id) + 1;
            foreach (var i in invoices)
            {
                entries.Add(new DatedEntry(i.Id, i.CustomerId, EntryKind.Invoice, "INV" + i.Id, "USD", i.IssuedOn, i.DueOn, i.AmountMinor, null));
                if (i.PaidOn is { } on)
                {
                    entries.Add(new DatedEntry(nextId, i.CustomerId, EntryKind.Payment, null, "USD", on, null, -i.AmountMinor, null));
                    allocations.Add(new DatedAllocation(nextId++, i.Id, i.AmountMinor, on));
                }
            }

            var openOn = Measure($"as-of derivation over {entries.Count:N0} entries and {allocations.Count:N0} allocations", () => AsOfLedger.OpenOn(asOf, entries, allocations));
            Console.WriteLine($"  {openOn.Count:N0} items open on {asOf:yyyy-MM-dd}");
            Measure("aging by customer of the open items", () => Aging.Rows(asOf, AgingBasis.Due, BucketSet.Standard, openOn.Select(o => new AgedItem(o.Item.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Item.Currency, o.OpenMinor, o.Item.PostedOn, o.Item.DueOn, o.Disputed))));
            return 0;
        });
        return command;
    }

    private static T Measure<T>(string what, Func<T> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:N2} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s CPU");
        return result;
    }
}
