using System.CommandLine;
using Credo.Web.Features.Admin;

namespace Credo.Web.Cli;

/// <summary>
/// <c>seal-ledger --existing [--through-id N]</c>: the one-time seal of the ledger rows a database upgraded from before
/// ADR 0020 holds without a seal (see <see cref="SealExistingLedger"/>). Check those rows first (they are the ones
/// <c>reconcile</c> reports as having no seal); rows with a wrong seal are never touched. Prints what it sealed.
/// </summary>
internal static class SealLedgerVerb
{
    public static Command Build()
    {
        var existing = new Option<bool>("--existing") { Description = "Required: seal the ledger rows written before sealing began that have no seal (a database upgraded from before ADR 0020)." };
        var throughId = new Option<long?>("--through-id") { Description = "Seal no row with a higher id: the last ledger row you checked." };
        var command = new Command("seal-ledger", "Seal, once, the ledger rows an upgraded database holds without a seal; rows with a wrong seal stay reported as forged.") { existing, throughId };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(existing))
            {
                return CredoCli.Fail("seal-ledger only seals the rows written before sealing began; say so with --existing (and check them first: reconcile lists them).");
            }

            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<SealExistingLedger>().Handle(parse.GetValue(throughId), ct);
            Console.WriteLine("ledger: " + result.Summary);
            return 0;
        });
        return command;
    }
}
