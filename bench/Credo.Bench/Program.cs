namespace Credo.Bench;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("Benchmarks: see bench/README.md.");
        return args.Length >= 0 ? 0 : 1;
    }
}
