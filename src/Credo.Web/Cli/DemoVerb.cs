using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Features.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Credo.Web.Cli;

/// <summary><c>demo [--customers 300] [--seed 42] [--force]</c>: loads the demo wholesale seller.</summary>
internal static class DemoVerb
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { Description = "How many retailer customers.", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed on the same day gives the same data.", DefaultValueFactory = _ => 42 };
        var force = new Option<bool>("--force") { Description = "Erase the whole database first (every table, not only demo rows)." };
        var command = new Command("demo", "Load a demo wholesale seller: staff for every role, retailer customers in groups and segments, two years of invoices and payments.")
        {
            customers, seed, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(customers) is < 10 or > 100_000)
            {
                return CredoCli.Fail("--customers must be between 10 and 100000.");
            }

            var app = await CredoCli.HostAsync([.. DemoSeeder.DemoVerbDefaults([])]); // the local bureau, the demo seller and serve's default address (links in the demo's emails)
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                if (await db.Customers.AnyAsync(ct))
                {
                    if (!parse.GetValue(force))
                    {
                        return CredoCli.Fail("the database already has customers; run `demo --force` to erase it and load the demo.");
                    }

                    Console.WriteLine("Erasing the database...");
                    await db.Database.EnsureDeletedAsync(ct);
                    SqliteConnection.ClearAllPools();
                    await Database.MigrateAsync(app.Services, ct);
                }
            }

            var options = new DemoOptions(parse.GetValue(customers), parse.GetValue(seed));
            DemoSummary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("Demo data", maxValue: options.Customers);
                    summary = await DemoSeeder.LoadAsync(app.Services, options, new TaskProgress(task), ct);
                    task.Value = task.MaxValue;
                });

            var s = summary!;
            Console.WriteLine($"Loaded {s.Customers} customers in {s.Groups} groups: {s.Invoices} invoices, {s.Payments} payments, {s.CreditNotes} credit notes, {s.WriteOffs} write-offs, {s.Reversals} returned payments, {s.Allocations} allocations, {s.Disputes} disputes; {s.Credit?.Lines} credit lines, {s.Credit?.Approved} orders approved and {s.Credit?.Held} held; in {s.Elapsed.TotalSeconds:0.0} s.");
            Console.WriteLine("Staff sign-ins (demo passwords; never use them for real data):");
            foreach (var staff in DemoSeeder.Staff)
            {
                Console.WriteLine($"  {staff.Email,-24} {staff.Password,-22} {staff.Role}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Moves the bar (Spectre's tasks are safe to update from any thread).</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value)
        {
            task.Description = value.Stage;
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
