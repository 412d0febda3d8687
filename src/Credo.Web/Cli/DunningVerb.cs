using System.CommandLine;
using Credo.Domain.Amounts;
using Credo.Web.Features.Collections;

namespace Credo.Web.Cli;

/// <summary>
/// <c>dunning run [--as-of yyyy-MM-dd] [--preview]</c>: runs dunning (or only shows what it would send), printing each
/// customer's message with its level, channel and amounts, the customers left out with why, and totals by level.
/// </summary>
internal static class DunningVerb
{
    public static Command Build()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Run as of this date (default: today)." };
        var preview = new Option<bool>("--preview") { Description = "Show who would get what, and why; send nothing." };
        var run = new Command("run", "Run dunning: one consolidated reminder per customer, stored and queued; a rerun on the same day sends nothing twice.") { asOf, preview };
        run.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var on = parse.GetValue(asOf);
            if (parse.GetValue(preview))
            {
                Print(await scope.ServiceProvider.GetRequiredService<PreviewDunning>().Handle(on, ct), "would send");
                return 0;
            }

            var result = await scope.ServiceProvider.GetRequiredService<RunDunning>().Handle(on, RunDunning.OnDemand, ct);
            Print(result.Plan, "sent");
            Console.WriteLine($"Run {result.RunId} on {result.RunOn:yyyy-MM-dd}: {result.Sent} sent, {result.AlreadySent} already sent earlier today, {result.LeftOut} customers left out.");
            return 0;
        });
        return new Command("dunning", "Dunning: reminders for overdue invoices.") { run };
    }

    private static void Print(DunningPreviewDto plan, string verb)
    {
        Console.WriteLine($"Dunning as of {plan.AsOf:yyyy-MM-dd}, policy version {plan.PolicyNumber}");
        foreach (var change in plan.PromiseChanges)
        {
            Console.WriteLine("  " + change);
        }

        foreach (var m in plan.Messages)
        {
            Console.WriteLine($"{m.Customer} {m.CustomerName}: {m.LevelName} by {m.Channel} to {m.RecipientName} <{m.Recipient}>, {Amounts(m.Totals)}{(m.Fees.Count > 0 ? ", late fees " + Amounts(m.Fees) : "")}{(m.CreditHold ? ", credit hold" : "")}");
            foreach (var i in m.Items)
            {
                Console.WriteLine($"    {i.Document} due {i.DueOn:yyyy-MM-dd} ({i.DaysPastDue} days) {Amounts([i.Open])} at {i.Level}");
            }

            foreach (var x in m.LeftOutItems)
            {
                Console.WriteLine($"    left out: {x.Why}");
            }
        }

        foreach (var c in plan.LeftOut)
        {
            Console.WriteLine($"{c.Customer} {c.CustomerName}: left out. {c.Why}");
        }

        Console.WriteLine($"By level ({verb}):");
        foreach (var level in plan.Messages.GroupBy(m => m.LevelName))
        {
            var totals = level.SelectMany(m => m.Totals).GroupBy(t => t.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Infrastructure.Amount(g.Sum(t => t.Value), g.Key)).ToList();
            Console.WriteLine($"  {level.Key}: {level.Count()} messages, {Amounts(totals)}");
        }

        Console.WriteLine($"{plan.Messages.Count} messages, {plan.LeftOut.Count} customers left out.");
    }

    private static string Amounts(IEnumerable<Infrastructure.Amount> amounts) =>
        string.Join(" and ", amounts.Select(a => Domain.Amounts.Money.FromMajor(a.Value, Domain.Amounts.Currency.Of(a.Currency)).Value.ToDisplayString()));
}
