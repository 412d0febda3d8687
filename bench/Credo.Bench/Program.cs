using System.CommandLine;

namespace Credo.Bench;

/// <summary>
/// Macro benchmarks that print figures: <c>dotnet run -c Release --project bench/Credo.Bench -- &lt;benchmark&gt; [options]</c>.
/// Each benchmark is one <see cref="Command"/> in <see cref="Benchmarks"/>; add yours there (e.g. statement, credit-checks).
/// </summary>
internal static class Program
{
    private static IEnumerable<Command> Benchmarks() =>
    [
        Yardstick.Build(),
        OldestFirstBench.Build(),
        ImportBench.Build(),
        ParseBench.Build(),
        StatementBench.Build(),
        CashApplicationBench.Build(),
        GatherBench.Build(),
        AssessBench.Build(),
        CreditChecks(),
        PolicyBench.Backtest(),
        PolicyBench.Decide(),
        PredictionBench.Build(), // analytics (issue 13 §9)
        DunningBench.Build(), // collections (issue 14 §7)
        DunningRunBench.Build(), // collections: loading, planning and sending a run, and the worklist page (issue 14 §7)
        AgingSqlBench.Build(), // analytics: aging summed in SQL (issue 13 §9)
        SealBench.Build(), // the ledger seal's CPU per row (issue 11: must not fall)
        PortalBench.Build(), // buyer portal (issue 16 §7)
        InstancesBench.Build(), // credit checks with 1, 2 and 3 instances on one PostgreSQL (issue 17 §4)
    ];

    /// <summary><c>credit-checks [--checks N] [--parallel P] [--open-items M] [--data DIR]</c>; options parsed by the benchmark.</summary>
    private static Command CreditChecks()
    {
        var command = new Command("credit-checks", "Credit checks per second and latency, in-process and over HTTP, and the speed-up over the naive check.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, _) => CreditChecksBench.RunAsync([.. parse.UnmatchedTokens]));
        return command;
    }

    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Credo macro benchmarks. See bench/README.md for recorded figures.");
        foreach (var benchmark in Benchmarks())
        {
            root.Subcommands.Add(benchmark);
        }

        return root.Parse(args).InvokeAsync();
    }
}
