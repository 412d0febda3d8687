using System.CommandLine;
using Credo.Web.Features.Analytics;

namespace Credo.Web.Cli;

/// <summary>
/// <c>aging-snapshots [--months 24] [--month-end DATE]</c> (issue 13 §2, §9): writes the month-end aging snapshots that
/// are missing or stale (a posting dated back into their month), leaving those that still hold; the same as the daily
/// job (<c>Analytics:AgingSnapshotMonths</c>). Run it again and it writes nothing.
/// </summary>
internal static class AgingSnapshotsVerb
{
    public static Command Build()
    {
        var months = new Option<int>("--months") { Description = "How many month ends before today.", DefaultValueFactory = _ => 24 };
        var monthEnd = new Option<DateOnly?>("--month-end") { Description = "Only this month end (a month's last day, before today)." };
        var command = new Command("aging-snapshots", "Write the month-end aging snapshots that portfolio agings start from (missing or stale ones only).") { months, monthEnd };
        command.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var snapshots = scope.ServiceProvider.GetRequiredService<AgingSnapshots>();
            IReadOnlyList<SnapshotWritten> written;
            if (parse.GetValue(monthEnd) is { } end)
            {
                var one = await snapshots.WriteMonth(end, ct);
                if (!one.IsOk)
                {
                    return CredoCli.Fail(one.Error!.Message);
                }

                written = [one.Value!];
            }
            else
            {
                written = await snapshots.WriteHistory(Math.Clamp(parse.GetValue(months), 1, 240), ct);
            }

            foreach (var w in written)
            {
                Console.WriteLine(w.Written == 0
                    ? $"{w.MonthEnd:yyyy-MM-dd}: still holds, left as it was."
                    : $"{w.MonthEnd:yyyy-MM-dd}: written ({w.Cells:N0} sums), {w.Kept} of {AgingSnapshots.Bases.Length} bases kept.");
            }

            return 0;
        });
        return command;
    }
}
