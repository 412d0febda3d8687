using System.CommandLine;
using System.Globalization;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Cli;

/// <summary><c>reconcile [--fix]</c>: proves the ledger cache equals the derivation; prints differences.</summary>
internal static class ReconcileVerb
{
    public static Command Build()
    {
        var fix = new Option<bool>("--fix") { Description = "Rewrite the differing cache columns (open amount, state, dispute flag) from the derivation." };
        var command = new Command("reconcile", "Check every ledger item's cached open amount and state against the entries and allocations.") { fix };
        command.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<ReconcileLedger>().Handle(parse.GetValue(fix), ct);
            foreach (var d in report.Differences)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"entry {d.EntryId} {d.Kind} {d.Document ?? "-"}: cached {d.CachedOpen} {d.CachedState}{(d.CachedDisputed ? " disputed" : string.Empty)}, derived {d.DerivedOpen} {d.DerivedState}{(d.DerivedDisputed ? " disputed" : string.Empty)}"));
            }

            Console.WriteLine($"{report.EntriesChecked} entries checked, {report.Differences.Count} differences{(report.Fixed ? ", fixed" : string.Empty)}.");
            return report.Differences.Count == 0 || report.Fixed ? 0 : 2;
        });
        return command;
    }
}
