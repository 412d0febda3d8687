using System.CommandLine;
using System.Diagnostics;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;

namespace Credo.Bench;

/// <summary>
/// <c>oldest-first [--open 200,1000] [--calls N]</c>: the CPU of one oldest-first settlement as the payment import asks
/// it per row (the planner over all of a customer's open items), and of the rule inside it, as it is now (a scan for
/// the next oldest) and as it was (a LINQ sort of every open item). Pure, single-threaded, so CPU per call is the
/// figure and the machine's load matters little.
/// </summary>
internal static class OldestFirstBench
{
    public static Command Build()
    {
        var open = new Option<string>("--open") { Description = "Open items per customer, comma-separated.", DefaultValueFactory = _ => "200,1000" };
        var calls = new Option<int>("--calls") { DefaultValueFactory = _ => 20_000 };
        var command = new Command("oldest-first", "CPU per oldest-first settlement: the planner, the rule now, the rule as it was.") { open, calls };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(calls);
            foreach (var count in parse.GetValue(open)!.Split(',').Select(int.Parse))
            {
                var random = new Random(7);
                var start = new DateOnly(2025, 1, 1);
                var usd = Currency.Of("USD");
                var debits = Enumerable.Range(1, count)
                    .Select(i => new SettlementDebit(i, 1, $"INV-{i}", usd, start.AddDays(random.Next(0, 400)), start.AddDays(random.Next(0, 400)), 100_00, random.Next(1, 100_00), ItemState.Open))
                    .ToArray();
                var plain = debits.Select(d => new OpenDebit(d.Id, d.DueOn, d.IssuedOn, d.OpenMinor)).ToArray();
                var credit = CreditItem.New(EntryKind.Payment, 1, new Credo.Domain.Amounts.Money(150_00, usd));
                var planner = Time(n, () => SettlementPlanner.Plan(credit, SettlementRequest.OldestFirst(debits)).Value!.Allocations.Count);
                var now = Time(n, () => Allocation.OldestFirst(150_00, plain).Count);
                var before = Time(n, () => SortedOldestFirst(150_00, plain).Count);
                Console.WriteLine($"{count,6:N0} open items: planner {planner,8:F2} µs/call; rule now (scan) {now,8:F2} µs; rule before (sort all) {before,8:F2} µs; planner as before ≈ {planner - now + before:F2} µs");
            }

            return 0;
        });
        return command;
    }

    private static double Time(int calls, Func<int> work)
    {
        var sink = 0;
        for (var i = 0; i < 1_000; i++)
        {
            sink += work();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < calls; i++)
        {
            sink += work();
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return sink < 0 ? -1 : used.TotalMilliseconds * 1000 / calls;
    }

    /// <summary>The rule as it was on main before 2026-12-07: every open item sorted, then walked.</summary>
    private static List<Application> SortedOldestFirst(long availableMinor, IEnumerable<OpenDebit> openDebits)
    {
        var result = new List<Application>();
        var left = availableMinor;
        foreach (var debit in openDebits.Where(d => d.OpenMinor > 0).OrderBy(d => d.DueOn).ThenBy(d => d.IssuedOn).ThenBy(d => d.ItemId))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, debit.OpenMinor);
            result.Add(new Application(debit.ItemId, take));
            left -= take;
        }

        return result;
    }
}
