using System.CommandLine;
using Credo.Web.Features.CreditPolicy;

namespace Credo.Web.Cli;

/// <summary>
/// <c>replay [--from ID] [--to ID]</c>: re-evaluates stored policy decisions with their stored version and facts and
/// prints the ones that would differ; exits 2 when any does.
/// </summary>
internal static class ReplayVerb
{
    public static Command Build()
    {
        var from = new Option<long?>("--from") { Description = "First decision id (inclusive)." };
        var to = new Option<long?>("--to") { Description = "Last decision id (inclusive)." };
        var command = new Command("replay", "Replay stored policy decisions and report any that would now differ.") { from, to };
        command.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<ReplayDecisions>().Handle(new ReplayRequest(parse.GetValue(from), parse.GetValue(to)), ct);
            foreach (var d in report.Differences)
            {
                Console.WriteLine($"decision {d.DecisionId} (policy {d.PolicyVersion}): {string.Join(", ", d.Fields)} differ; stored {d.StoredOutcome}, replayed {d.ReplayedOutcome}");
            }

            Console.WriteLine($"replay: {report.Checked} decisions checked, {report.Skipped} without a policy skipped, {report.DifferenceCount} differ.");
            return report.DifferenceCount == 0 ? 0 : 2;
        });
        return command;
    }
}
