using System.CommandLine;
using System.Globalization;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Cli;

/// <summary>
/// <c>reconcile [--fix]</c>: proves both caches equal their derivations: every ledger item's open amount and state
/// (from entries and allocations), then every credit line's exposure (from open items and reservations). Prints
/// the differences; exits 2 when there are some and they were not fixed, 3 when a ledger row was not written by
/// Credo (its seal is missing or wrong; issue 12 §2): such rows are reported, never absorbed into the caches.
/// </summary>
internal static class ReconcileVerb
{
    public static Command Build()
    {
        var fix = new Option<bool>("--fix") { Description = "Rewrite the differing caches from their derivations (never a posted column)." };
        var command = new Command("reconcile", "Check the ledger's cached open amounts and the credit lines' cached exposure against their derivations.") { fix };
        command.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var ledger = await scope.ServiceProvider.GetRequiredService<ReconcileLedger>().Handle(parse.GetValue(fix), ct);
            foreach (var d in ledger.Differences)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"entry {d.EntryId} {d.Kind} {d.Document ?? "-"}: cached {d.CachedOpen} {d.CachedState}{(d.CachedDisputed ? " disputed" : string.Empty)}, derived {d.DerivedOpen} {d.DerivedState}{(d.DerivedDisputed ? " disputed" : string.Empty)}"));
            }

            Console.WriteLine($"ledger: {ledger.EntriesChecked} entries checked, {ledger.Differences.Count} differences{(ledger.Fixed ? ", fixed" : string.Empty)}.");
            foreach (var f in ledger.Forged)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"forged entry {f.EntryId} {f.Kind} {f.Document ?? "-"} {f.Amount} {f.Currency} (customer {f.CustomerId}): {f.Problem}"));
            }

            if (ledger.Forged.Count > 0)
            {
                Console.WriteLine($"ledger: {ledger.Forged.Count} entries were not written by Credo; their customers' caches were left as they are{(parse.GetValue(fix) ? " (not fixed)" : string.Empty)}.");
                return 3;
            }

            // Exposure is derived from the ledger's open amounts, so it is checked after the ledger is sound.
            var exposure = await scope.ServiceProvider.GetRequiredService<ReconcileExposure>().Handle(parse.GetValue(fix), ct);
            foreach (var d in exposure.Differences)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"credit line {d.LineId} {d.Level} {d.SubjectId} {d.Currency}: receivables cached {d.CachedReceivableMinor} derived {d.DerivedReceivableMinor}, orders cached {d.CachedReservedMinor} derived {d.DerivedReservedMinor}, shipped cached {d.CachedShippedMinor} derived {d.DerivedShippedMinor}, missing shares {d.MissingShares}{(d.Error is null ? string.Empty : ", " + d.Error)} (minor units)"));
            }

            Console.WriteLine($"credit lines: {exposure.LinesChecked} lines checked, {exposure.Differences.Count} differences{(exposure.Repaired ? ", fixed" : string.Empty)}.");
            var clean = (ledger.Differences.Count == 0 || ledger.Fixed) && (exposure.Differences.Count == 0 || exposure.Repaired);
            return clean ? 0 : 2;
        });
        return command;
    }
}
