using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.CreditPolicy;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>backtest --applications N</c>: stores N synthetic historical decisions (varied facts, some missing, several
/// currencies) under the default policy, then times <see cref="RunBacktest"/> of a stricter draft against it (both
/// versions evaluated on every case, as the API and the policy page run it).
/// <c>decide --decisions N [--parallel P]</c>: automatic decisions per second through <see cref="ICreditDecider"/>
/// with a fixed evidence set (evaluate and store), each in a fresh DI scope as a request would be.
/// </summary>
internal static class PolicyBench
{
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY"];

    public static Command Backtest()
    {
        var applications = new Option<int>("--applications") { Description = "Historical decisions to backtest over.", DefaultValueFactory = _ => 100_000 };
        var customers = new Option<int>("--customers") { Description = "Customers in the book (no ledger history).", DefaultValueFactory = _ => 1_000 };
        var runs = new Option<int>("--runs") { Description = "Timed backtest runs.", DefaultValueFactory = _ => 3 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("backtest", "A draft policy backtested over N historical applications and the book.") { applications, customers, runs, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(applications);
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            var services = database.App.Services;
            int draftNumber;
            var setup = Stopwatch.StartNew();
            using (var scope = services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<SeedDefaultPolicy>().Handle(ct);
                var strict = DefaultPolicy.Definition with
                {
                    Rules =
                    [
                        .. DefaultPolicy.Definition.Rules,
                        new PolicyRule("Young and large", [new Condition.Compare("yearsInBusiness", Comparison.LessThan, new FactValue.Number(3)), new Condition.Compare("requestedLimit", Comparison.GreaterThan, new FactValue.Number(20000))], new RuleOutcome.Refer("Young business asking for a lot.")),
                        new PolicyRule("Cap medium risk", [new Condition.Compare("riskClass", Comparison.EqualTo, new FactValue.Text("medium"))], new RuleOutcome.Approve(LimitBasis.LeastOf, 15000m, null, null)),
                    ],
                };
                draftNumber = (await scope.ServiceProvider.GetRequiredService<SaveDraft>().CreateFromJson("Stricter", PolicyJson.Write(strict), ct)).Value!.Number;
            }

            var random = new Random(42);
            for (var done = 0; done < n; done += 5000)
            {
                using var scope = services.CreateScope();
                var decider = scope.ServiceProvider.GetRequiredService<DecideCredit>();
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                for (var i = done; i < Math.Min(n, done + 5000); i++)
                {
                    db.PolicyDecisions.Add(await decider.Evaluate(null, null, Currencies[random.Next(Currencies.Length)], RandomFacts(random), ct));
                }

                await db.SaveChangesAsync(ct);
            }

            using (var scope = services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                for (var i = 0; i < parse.GetValue(customers); i++)
                {
                    db.Customers.Add(new Customer { Number = $"BT{i:D6}", LegalName = $"Book customer {i}", Currency = "USD", TermsCode = "NET30", CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow });
                }

                await db.SaveChangesAsync(ct);
            }

            Console.WriteLine($"setup: {n:N0} stored decisions and {parse.GetValue(customers):N0} customers in {setup.Elapsed.TotalSeconds:F1} s ({database.Provider})");
            for (var run = 1; run <= parse.GetValue(runs); run++)
            {
                using var scope = services.CreateScope();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var report = await scope.ServiceProvider.GetRequiredService<RunBacktest>().Handle(draftNumber, new BacktestRequest(200), ct);
                watch.Stop();
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var a = report.Value!.Applications;
                var b = report.Value.Book;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"run {run}: {a.Draft.Cases:N0} applications + {b.Draft.Cases:N0} customers in {watch.Elapsed.TotalSeconds:F2} s wall, {used.TotalSeconds:F2} s CPU ({a.Draft.Cases / watch.Elapsed.TotalSeconds:N0} applications/s); approvals {a.Baseline.Approved:N0} -> {a.Draft.Approved:N0}, referrals {a.Baseline.Referred:N0} -> {a.Draft.Referred:N0}, declines {a.Baseline.Declined:N0} -> {a.Draft.Declined:N0}, movers {a.MoverCount:N0}; load {Load()}"));
            }

            return 0;
        });
        return command;
    }

    public static Command Decide()
    {
        var decisions = new Option<int>("--decisions") { DefaultValueFactory = _ => 5_000 };
        var parallel = new Option<int>("--parallel") { Description = "Concurrent callers.", DefaultValueFactory = _ => 1 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("decide", "Automatic decisions per second through ICreditDecider (evaluate and store) with a fixed evidence set.") { decisions, parallel, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(decisions);
            var p = Math.Max(1, parse.GetValue(parallel));
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            var services = database.App.Services;
            using (var scope = services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<SeedDefaultPolicy>().Handle(ct);
            }

            var evidence = new ApplicationEvidence(GoodApplicant(), [], ["bench"]);
            var application = new CreditApplication { Reference = "BENCH", ApplicantEmail = "bench@example.com", Currency = "USD" };
            async Task<double> One()
            {
                var watch = Stopwatch.StartNew();
                using var scope = services.CreateScope();
                var summary = await scope.ServiceProvider.GetRequiredService<ICreditDecider>().DecideAsync(application, evidence, ct);
                if (summary.Outcome != DecisionOutcome.Approve)
                {
                    throw new InvalidOperationException("The fixed evidence should be approved.");
                }

                return watch.Elapsed.TotalMilliseconds;
            }

            for (var i = 0; i < 200; i++)
            {
                await One(); // warm-up
            }

            var latencies = new double[n];
            var next = -1;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, p).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < n)
                {
                    latencies[i] = await One();
                }
            }));
            total.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"decide ({database.Provider}, {p} caller(s)): {n:N0} decisions in {total.Elapsed.TotalSeconds:F2} s = {n / total.Elapsed.TotalSeconds:N0} decisions/s; p50 {latencies[n / 2]:F2} ms, p99 {latencies[(int)(n * 0.99)]:F2} ms; CPU {used.TotalSeconds:F2} s ({used.TotalMilliseconds * 1000 / n:F0} µs per decision); load {Load()}"));
            return 0;
        });
        return command;
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static FactSet GoodApplicant() => FactSet.Empty
        .With("isExistingCustomer", (bool?)false).With("requestedLimit", (decimal?)40000m).With("annualRevenue", (decimal?)2000000m)
        .With("yearsInBusiness", (decimal?)12m).With("bureauScore", (decimal?)82m).With("bureauSuggestedLimit", (decimal?)60000m)
        .With("bureauBankruptcy", (bool?)false).With("bureauJudgments", (decimal?)0m).With("altmanZ", (decimal?)3.1m).With("altmanZone", "safe")
        .With("currentRatio", (decimal?)1.8m).With("netWorth", (decimal?)400000m).With("tradeReferencesAnswered", (decimal?)3m)
        .With("fraudTaxIdInvalid", (bool?)false).With("fraudSignalsRaised", (decimal?)0m).With("country", "US");

    private static FactSet RandomFacts(Random random)
    {
        var facts = GoodApplicant();
        foreach (var name in facts.Values.Keys.ToList())
        {
            if (random.Next(15) == 0)
            {
                facts = facts.With(name, (FactValue?)null);
            }
        }

        decimal? Maybe(decimal value) => random.Next(12) == 0 ? null : value;
        return facts
            .With("requestedLimit", Maybe(random.Next(1, 200) * 500m))
            .With("yearsInBusiness", Maybe(random.Next(0, 30)))
            .With("bureauScore", Maybe(random.Next(0, 101)))
            .With("bureauSuggestedLimit", Maybe(random.Next(1, 300) * 500m))
            .With("bureauBankruptcy", (bool?)(random.Next(30) == 0))
            .With("bureauJudgments", Maybe(random.Next(10) == 0 ? random.Next(1, 4) : 0))
            .With("altmanZ", Maybe(random.Next(-50, 500) / 100m))
            .With("altmanZone", new[] { "safe", "grey", "distress" }[random.Next(3)])
            .With("currentRatio", Maybe(random.Next(30, 300) / 100m))
            .With("annualRevenue", Maybe(random.Next(10, 5000) * 1000m))
            .With("netWorth", Maybe(random.Next(-100, 2000) * 1000m))
            .With("fraudSignalsRaised", Maybe(random.Next(8) == 0 ? 1 : 0))
            .With("paydex", random.Next(3) == 0 ? random.Next(20, 100) : null)
            .With("country", new[] { "US", "DE", "FR", "GB", "IT" }[random.Next(5)]);
    }
}
