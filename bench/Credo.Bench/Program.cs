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
        ImportBench.Build(),
        ParseBench.Build(),
        StatementBench.Build(),
    ];

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
