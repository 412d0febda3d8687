using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Credo.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>cash-application [--lines N] [--invoices M] [--customers C] [--seed S] [--provider sqlite|postgres --connection CS]</c>:
/// writes a <see cref="MessyStatement"/> (the generator the quality test uses) into a fresh database (customers and
/// open invoices through the CSV import, the payer accounts already learned as payer hints) and a camt.053 file; then
/// times the statement's import (without matching) and the matching run (<see cref="MatchBankLines"/>: loading the
/// open items, deciding, applying through the ledger), and grades the stored answers against the true answer.
/// </summary>
internal static class CashApplicationBench
{
    private static readonly DateOnly BookedOn = new(2026, 12, 1);
    private const string SellerAccount = "DE44500105175407324931";

    public static Command Build()
    {
        var lines = new Option<int>("--lines") { Description = "Bank lines in the statement.", DefaultValueFactory = _ => 10_000 };
        var invoices = new Option<int>("--invoices") { Description = "Open invoices in the ledger.", DefaultValueFactory = _ => 1_000_000 };
        var customers = new Option<int>("--customers") { Description = "Customers the invoices spread over.", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var skipInMemory = new Option<bool>("--skip-in-memory") { Description = "Skip the pure matcher's run in memory (the quality figures at full size are in bench/README.md)." };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("cash-application", "Bank statement import and matching against open items, with the share applied and wrong.") { lines, invoices, customers, seed, skipInMemory, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var statement = MessyStatement.Generate(parse.GetValue(seed), parse.GetValue(customers), parse.GetValue(invoices), parse.GetValue(lines), BookedOn);
            Console.WriteLine($"generated {statement.Lines.Count:N0} lines, {statement.Invoices.Count:N0} open invoices, {statement.Customers.Count:N0} customers in {clock.Elapsed.TotalSeconds:N1} s");
            if (!parse.GetValue(skipInMemory))
            {
                InMemory(statement);
            }

            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            Console.WriteLine($"provider {database.Provider}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            await WriteLedger(database, statement, ct);
            var camt = Camt053Writer.Write(SellerAccount, "USD", "BENCH-1", 1, BookedOn, 0,
                [.. statement.Lines.Select(l => new BankStatementEntry(l.Facts.BookedOn, l.Facts.Amount.Minor, l.Facts.PayerName, l.Facts.PayerAccount, l.Facts.Remittance, l.BankReference,
                    l.Facts.StructuredReferences.Count > 0 ? l.Facts.StructuredReferences[0] : null))]);
            Console.WriteLine($"camt.053: {camt.Length / 1e6:N1} MB");
            var statementId = await TimeImport(database, camt, ct);
            await TimeMatching(database, statementId, ct);
            await Grade(database, statement, statementId, ct);
            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        });
        return command;
    }

    /// <summary>The pure matcher alone over the same data: the floor under the database run.</summary>
    private static void InMemory(MessyStatement statement)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var book = new MatchBook(statement.Invoices, statement.Customers.Select(c => c.Profile()));
        Console.WriteLine($"in memory: book of {book.Invoices.Count:N0} invoices in {clock.Elapsed.TotalSeconds:N2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s)");
        (cpu, clock) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
        var none = new HashSet<string>();
        foreach (var line in statement.Lines)
        {
            if (Matcher.Decide(line.Facts, book, MatchSettings.Default, none) is { Outcome: MatchOutcome.Apply } decision)
            {
                book.Applied(line.Facts, decision.Answer!);
            }
        }

        Console.WriteLine($"in memory: {statement.Lines.Count:N0} decisions in {clock.Elapsed.TotalSeconds:N2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s)");
        var grade = statement.MatchAndGrade(MatchSettings.Default);
        Console.WriteLine($"in memory: {grade}");
    }

    private static async Task WriteLedger(BenchDatabase database, MessyStatement statement, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var customersPath = Path.Combine(database.ScratchDirectory, "customers.csv");
        var invoicesPath = Path.Combine(database.ScratchDirectory, "invoices.csv");
        await File.WriteAllLinesAsync(customersPath,
            ["number,legalName,tradingName,currency,terms,city,country", .. statement.Customers.Select(c => $"{c.Number},{Csv(c.LegalName)},{Csv(c.TradingName ?? "")},USD,{c.Terms},Springfield,US")], ct);
        var terms = statement.Customers.ToDictionary(c => c.Id, c => c.Terms);
        await File.WriteAllLinesAsync(invoicesPath,
            ["customer,document,date,amount,terms", .. statement.Invoices.Select(i => string.Create(CultureInfo.InvariantCulture, $"{MessyStatement.CustomerNumber(i.CustomerId)},{i.Number},{i.IssuedOn:yyyy-MM-dd},{i.Open.Major:F2},{terms[i.CustomerId]}"))], ct);
        using var scope = database.App.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportFile>();
        foreach (var (kind, path) in new[] { (ImportKind.Customers, customersPath), (ImportKind.Invoices, invoicesPath) })
        {
            await using var stream = File.OpenRead(path);
            var report = await import.Run(new ImportRequest(kind, stream, Path.GetFileName(path), stream.Length, ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), null, ct);
            if (report.Status != ImportStatus.Succeeded)
            {
                throw new InvalidOperationException($"{kind} import: {report.Status}, {report.RowsRejected} rejected");
            }
        }

        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var ids = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Number, c => c.Id, ct);
        db.PayerHints.AddRange(statement.Customers.Where(c => c.AccountKnown).Select(c => new PayerHint { CustomerId = ids[c.Number], Kind = "account", Value = c.Account, AtUtc = db.UtcNow, By = "bench" }));
        await db.SaveChangesAsync(ct);
        Console.WriteLine($"ledger: {statement.Customers.Count:N0} customers, {statement.Invoices.Count:N0} invoices imported, {statement.Customers.Count(c => c.AccountKnown):N0} payer accounts known, in {clock.Elapsed.TotalSeconds:N1} s");
    }

    private static async Task<long> TimeImport(BenchDatabase database, string camt, CancellationToken ct)
    {
        using var scope = database.App.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportBankStatement>();
        GC.Collect();
        var parseCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var parseClock = Stopwatch.StartNew();
        var parsed = ImportBankStatement.Parse(new ImportBankStatementRequest("bench.camt053.xml", camt, SellerAccount, Match: false));
        Console.WriteLine($"parse:    {parsed.Value!.Statements.Sum(s => s.Lines.Count):N0} lines of a camt.053 parsed in {parseClock.Elapsed.TotalSeconds:N2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - parseCpu).TotalSeconds:N2} s), alone");
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await import.Handle(new ImportBankStatementRequest("bench.camt053.xml", camt, SellerAccount, Match: false), ct);
        var elapsed = clock.Elapsed;
        var report = result.Value ?? throw new InvalidOperationException(result.Error!.Message);
        Console.WriteLine($"import:   {report.LinesAdded:N0} lines of a camt.053 in {elapsed.TotalSeconds:N2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s), goal < 2 s");
        return report.Statements[0].Id;
    }

    private static async Task TimeMatching(BenchDatabase database, long statementId, CancellationToken ct)
    {
        using var scope = database.App.Services.CreateScope();
        var matcher = scope.ServiceProvider.GetRequiredService<MatchBankLines>();
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var run = await matcher.Run([statementId], ct);
        var elapsed = clock.Elapsed;
        Console.WriteLine($"matching: {run.Applied:N0} applied, {run.Suggested:N0} suggested, {run.Unmatched:N0} unmatched in {elapsed.TotalSeconds:N2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s), goal < 5 s");
        var steps = matcher.LastSteps;
        Console.WriteLine($"matching steps: load candidates {steps.Of(MatchStep.LoadCandidates).TotalSeconds:N2} s, match {steps.Of(MatchStep.Match).TotalSeconds:N2} s, post {steps.Of(MatchStep.Post).TotalSeconds:N2} s (wall)");
    }

    /// <summary>The stored answers (read back as the API shows them) against the generator's truth, line by line through the bank reference.</summary>
    private static async Task Grade(BenchDatabase database, MessyStatement statement, long statementId, CancellationToken ct)
    {
        using var scope = database.App.Services.CreateScope();
        var read = scope.ServiceProvider.GetRequiredService<ReadCashApplication>();
        var stored = (await read.Lines(statementId, null, ct)).ToDictionary(l => l.BankReference!, StringComparer.Ordinal);
        var given = statement.Lines.Select(l => stored[l.BankReference]).Select(l => new GivenAnswer(
            l.Status switch { "applied" => MatchOutcome.Apply, "suggested" => MatchOutcome.Suggest, _ => MatchOutcome.Unmatched },
            l.CustomerNumber,
            [.. l.Allocations.Select(a => (a.InvoiceNumber, (long)(a.Amount * 100)))],
            (long)(l.OnAccount * 100))).ToList();
        var grade = MatchGrade.Of(statement.Lines, given);
        Console.WriteLine($"stored:   {grade}");
        grade.Wrong.Take(10).ToList().ForEach(w => Console.WriteLine("  wrong: " + w));
    }

    private static string Csv(string text) => text.Contains(',', StringComparison.Ordinal) ? $"\"{text}\"" : text;
}
