using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Architecture;

/// <summary>
/// Which slice may use which (docs/adr/0019-slices-outbox-and-arrows.md). A slice is a folder under
/// <c>src/Credo.Web/Features/</c>; its files declare one namespace, so a file uses another slice exactly when its text
/// names that slice's namespace (a <c>using</c> line, an alias, a fully qualified name, a Razor <c>@using</c>). The
/// sources are read rather than the compiled assembly so that a failure names the file and line.
/// </summary>
public sealed partial class SliceArrowsTests
{
    /// <summary>
    /// The allowed arrows between slices, "From -> To" by folder name. Adding one is a decision: add the line here and
    /// in ADR 0019. The list must stay free of cycles (a test below says which arrow closes one).
    /// </summary>
    private static readonly string[] Allowed =
    [
        "Analytics -> Customers", // the customer list's days-late and score sort is measured by the analytics (IPayingHabits, the list's port)
        "Analytics -> Exports", // aging and metrics CSV use the export's one CSV dialect (formula-injection escaping)
        "Analytics -> Ledger", // read-only: money in major units and the document kinds the ledger names; predictions on invoice reads and open items (IPaymentOutlooks, the ledger's port)
        "ApplicationForms -> Applications", // the form hands a submitted application to the workflow (IApplicationSubmitted)
        "CashApplication -> Exports", // bank-lines CSV uses the export's one CSV dialect
        "CashApplication -> Credit", // batch apply: bulk-written payments move the receivables cache (ReceivableDeltas), as the import's do
        "CashApplication -> Imports", // batch apply writes its planned payments through the ledger's bulk writer (LedgerBulkWriter, ADR 0010/0018)
        "CashApplication -> Ledger", // a matched line posts through RecordPayment and is undone through ReverseEntry (ICashLedger port)
        "Collections -> Analytics", // dunning letters use the one PDF font registration (PdfFonts) the aging PDF set up; promise history feeds payment behaviour (IPromiseHistory, the behaviour's port)
        "Collections -> Ledger", // dispute cases post credit notes and write-offs through the ledger's use cases (ICaseLedger port); short payments open deduction cases (IPaymentFollowUp, the ledger's port); the worklist ranks by predicted further delay (IPaymentOutlooks, the ledger's port)
        "Replies -> Collections", // a confirmed reply records a promise (RecordPromise) or opens a case (OpenCase); a reminder draft reads the dunning preview (PreviewDunning)
        "Applications -> Credit", // an approval sets the customer's credit line
        "Evidence -> Applications", // the evidence gatherer implements the workflow's port (IEvidenceGatherer)
        "Evidence -> Credit", // internal history reads exposure and lines; amounts converted with the credit rates
        "Imports -> Credit", // imported ledger documents keep credit exposure in step
        "Exports -> Ledger", // the open-items export can carry each invoice's predicted payment (IPaymentOutlooks, the ledger's port)
        "Imports -> Exports", // the import reads the same column layouts the export writes
        "Ledger -> Customers", // postings name the customer
        "CreditPolicy -> Applications", // the decider implements the workflow's port (ICreditDecider)
        "CreditPolicy -> Credit", // the backtest values the book with the credit rates
        "CreditPolicy -> Evidence", // the backtest reads internal history and stored bureau facts
        "Portal -> CashApplication", // the portal's bank-transfer requests feed the matcher through cash application's port (IPaymentRequests)
        "Portal -> Collections", // a buyer's promise to pay is recorded by RecordPromise (channel "portal")
        "Portal -> Applications", // a buyer's request for more credit opens a limit increase through OpenCustomerApplication
        "Portal -> Ledger", // a confirmed online payment posts through RecordPayment; a refund or chargeback through ReverseEntry
    ];

    /// <summary>The floor every slice may use: publishing to the outbox (events, emails).</summary>
    private static readonly string[] Floor = ["Outbox"];

    /// <summary>Slices that compose the others and that no slice may use: the demo seeds every area.</summary>
    private static readonly string[] Composers = ["Demo"];

    /// <summary>Outside Features: these may use any slice (they compose them); none may be used by a slice.</summary>
    private static readonly string[] Adapters = ["Pages", "Cli", "Host"];

    /// <summary>Outside Features: the layer under the slices, which uses none of them.</summary>
    private static readonly string[] Base = ["Data", "Infrastructure"];

    private static readonly string Web = Repository.PathOf("src", "Credo.Web");

    [Fact]
    public void Every_reference_between_slices_is_an_allowed_arrow()
    {
        var slices = SliceNamespaces();
        var wrong = new List<string>();
        foreach (var (file, from) in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in FeatureNamespace().Matches(lines[i]))
                {
                    if (!slices.TryGetValue(m.Groups[1].Value, out var to))
                    {
                        wrong.Add($"{Relative(file)}:{i + 1} names Credo.Web.Features.{m.Groups[1].Value}, which no folder under Features declares.");
                    }
                    else if (to != from && Refusal(from, to) is { } why)
                    {
                        wrong.Add($"{Relative(file)}:{i + 1} adds the arrow {from} -> {to}: {why}");
                    }
                }

                var isComment = lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal);
                if (from is not ("Pages" or "Cli" or "Host") && AdapterNamespace().Match(lines[i]) is { Success: true } adapter
                    && !(isComment && adapter.Groups["relative"].Success))
                {
                    wrong.Add($"{Relative(file)}:{i + 1} adds the arrow {from} -> {adapter.Groups["to"].Value}: pages, verbs and the host use slices, never the other way.");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void Every_file_of_a_slice_declares_the_slice_namespace()
    {
        var wrong = new List<string>();
        foreach (var group in SourceFiles().Where(f => f.File.EndsWith(".cs", StringComparison.Ordinal) && f.Slice is not ("Pages" or "Cli" or "Host" or "Data" or "Infrastructure"))
                     .GroupBy(f => f.Slice))
        {
            var declared = group.Select(f => (f.File, Namespace: DeclaredSlice(f.File))).ToList();
            var first = declared.GroupBy(d => d.Namespace).OrderByDescending(g => g.Count()).First().Key;
            wrong.AddRange(declared.Where(d => d.Namespace != first)
                .Select(d => $"{Relative(d.File)} declares namespace Credo.Web.Features.{d.Namespace ?? "(none)"}, but the files of Features/{group.Key} are in Credo.Web.Features.{first}."));
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_allowed_arrows_have_no_cycle_and_are_all_used()
    {
        var edges = Allowed.Select(Parse).ToList();
        var cycle = FindCycle(edges);
        Assert.True(cycle is null, $"The allowed arrows make a cycle: {string.Join(" -> ", cycle ?? [])}. Remove one of its arrows.");

        var slices = SliceNamespaces();
        var used = new HashSet<(string, string)>();
        foreach (var (file, from) in SourceFiles())
        {
            foreach (Match m in FeatureNamespace().Matches(File.ReadAllText(file)))
            {
                if (slices.TryGetValue(m.Groups[1].Value, out var to))
                {
                    used.Add((from, to));
                }
            }
        }

        var stale = edges.Where(e => !used.Contains(e)).Select(e => $"{e.From} -> {e.To}").ToList();
        Assert.True(stale.Count == 0, $"Allowed arrows that no file uses any more (remove them here and in ADR 0019): {string.Join(", ", stale)}.");
    }

    [Fact]
    public void A_new_arrow_or_a_cycle_is_named()
    {
        Assert.Null(Refusal("Evidence", "Credit"));
        Assert.Null(Refusal("Collections", "Outbox"));
        Assert.Null(Refusal("Demo", "Credit"));
        Assert.Contains("not an allowed arrow", Refusal("Credit", "Ledger"), StringComparison.Ordinal);
        Assert.Contains("composes", Refusal("Credit", "Demo"), StringComparison.Ordinal);
        Assert.Contains("uses no slice", Refusal("Infrastructure", "Outbox"), StringComparison.Ordinal);
        Assert.Equal(["CreditPolicy", "Evidence", "CreditPolicy"], FindCycle([.. Allowed.Select(Parse), ("Evidence", "CreditPolicy")]));
    }

    /// <summary>Null when <paramref name="from"/> may use <paramref name="to"/>, else why not (with what to do).</summary>
    private static string? Refusal(string from, string to)
    {
        if (Adapters.Contains(from) || Composers.Contains(from))
        {
            return null;
        }

        if (Base.Contains(from))
        {
            return $"{from} is the layer under the slices and uses no slice; move what it needs into {from} or the slice into the caller.";
        }

        if (Composers.Contains(to))
        {
            return $"{to} composes the other slices for the demo; no slice uses it.";
        }

        return Floor.Contains(to) || Allowed.Contains($"{from} -> {to}")
            ? null
            : $"not an allowed arrow. Prefer a port the using slice owns (see Features/Applications/ApplicationContracts.cs); if the arrow is a decision, add \"{from} -> {to}\" to Allowed in tests/Credo.Web.Tests/Architecture/SliceArrowsTests.cs and a line to docs/adr/0019-slices-outbox-and-arrows.md (it must make no cycle).";
    }

    private static (string From, string To) Parse(string arrow)
    {
        var parts = arrow.Split("->", StringSplitOptions.TrimEntries);
        return (parts[0], parts[1]);
    }

    /// <summary>A cycle among the arrows as the slices along it (first = last), or null.</summary>
    private static List<string>? FindCycle(List<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var done = new HashSet<string>();
        var path = new List<string>();

        List<string>? Visit(string slice)
        {
            if (path.IndexOf(slice) is var at and >= 0)
            {
                return [.. path[at..], slice];
            }

            if (!done.Add(slice))
            {
                return null;
            }

            path.Add(slice);
            foreach (var to in next.GetValueOrDefault(slice) ?? [])
            {
                if (Visit(to) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return next.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    /// <summary>Namespace segment after Credo.Web.Features → the slice folder that declares it (CreditPolicy declares CreditPolicy).</summary>
    private static Dictionary<string, string> SliceNamespaces()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, slice) in SourceFiles().Where(f => f.File.EndsWith(".cs", StringComparison.Ordinal) && File.Exists(f.File)))
        {
            if (file.StartsWith(Path.Combine(Web, "Features") + Path.DirectorySeparatorChar, StringComparison.Ordinal) && DeclaredSlice(file) is { } ns)
            {
                map.TryAdd(ns, slice);
            }
        }

        return map;
    }

    private static string? DeclaredSlice(string file) =>
        DeclaredNamespace().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Every C# and Razor file of the web project (no build output, no migrations), with the area it belongs to.</summary>
    private static IEnumerable<(string File, string Slice)> SourceFiles()
    {
        foreach (var file in Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parts = Path.GetRelativePath(Web, file).Split(Path.DirectorySeparatorChar);
            if (!(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))
                || parts[0] is "bin" or "obj" or "wwwroot" || parts.Contains("Migrations"))
            {
                continue;
            }

            var slice = parts.Length == 1 ? "Host" : parts[0] == "Features" ? parts[1] : parts[0];
            if (parts[0] == "Features" && parts.Length == 2)
            {
                continue; // a file directly under Features/ belongs to no slice (none today)
            }

            yield return (file, slice);
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');

    [GeneratedRegex(@"\bCredo\.Web\.Features\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex FeatureNamespace();

    // The full name, or a name relative to Credo.Web (Pages.Shared.MoneyText) that a slice's namespace resolves just the same (in code, not comments).
    [GeneratedRegex(@"\bCredo\.Web\.(?<to>Pages|Cli)\b|(?<relative>(?<![\w.])(?<to>Pages|Cli)\.[A-Z])")]
    private static partial Regex AdapterNamespace();

    [GeneratedRegex(@"^\s*namespace\s+Credo\.Web\.Features\.([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex DeclaredNamespace();
}
