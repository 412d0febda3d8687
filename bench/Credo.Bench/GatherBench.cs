using Credo.Domain.Applications;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Credo.Domain.Fraud;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>gather [--customers 10000] [--applications 2000] [--parallel 1] [--provider sqlite|postgres] [--connection ...]</c>:
/// evidence gatherings per second with the local bureau on a book of customers. Each application is gathered twice:
/// the first gathering pulls the bureau (two calls, manual then local, each stored), asks its references by email and
/// registers its identifiers; the second reuses the cached report. Also prints the cost of the in-memory customer book
/// (first load) and how many names the trigram pre-filter leaves to the exact comparison. Prints figures; asserts nothing.
/// </summary>
internal static class GatherBench
{
    private static readonly string[] First = ["North", "Blue", "Acme", "Global", "Prime", "Summit", "River", "Oak", "Silver", "Bright", "Union", "Metro", "Pacific", "Atlas", "Nova", "Delta", "Cedar", "Harbor", "Eagle", "Granite"];
    private static readonly string[] Second = ["Trading", "Supplies", "Retail", "Foods", "Hardware", "Textiles", "Logistics", "Pharma", "Books", "Garden", "Electrics", "Tools", "Paper", "Motors", "Kitchens"];
    private static readonly string[] Forms = ["Ltd", "LLC", "Inc", "GmbH", "BV", "SA", "plc", ""];
    private static readonly string[] Cities = ["London", "Manchester", "Paris", "Lyon", "Berlin", "Munich", "Madrid", "Rome", "Amsterdam", "Dublin"];

    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 10_000 };
        var applications = new Option<int>("--applications") { DefaultValueFactory = _ => 2_000 };
        var parallel = new Option<int>("--parallel") { Description = "Gatherings in flight at once.", DefaultValueFactory = _ => 1 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("gather", "Evidence gatherings per second with the local bureau on a book of customers.") { customers, applications, parallel, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var customerCount = parse.GetValue(customers);
            var applicationCount = parse.GetValue(applications);
            var inFlight = Math.Max(1, parse.GetValue(parallel));
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection), BenchDatabase.LocalBureau);
            var services = database.App.Services;
            var random = new Random(42);

            var seeding = Stopwatch.StartNew();
            var names = await SeedCustomers(services, customerCount, random, ct);
            var apps = await SeedApplications(services, applicationCount, names, random, ct);
            Console.WriteLine($"gather: {database.Provider}, {customerCount:N0} customers, {applicationCount:N0} applications, {inFlight} in flight (seeded in {seeding.Elapsed.TotalSeconds:F1} s)");

            // The customer book loads on first use: time it on its own.
            var load = Stopwatch.StartNew();
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            using (var scope = services.CreateScope())
            {
                var book = scope.ServiceProvider.GetRequiredService<Credo.Web.Features.Evidence.CustomerBook>();
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                var candidates = await book.Read(db, view => apps.Take(500).Select(a => view.NameCandidates(a.LegalName!, SimilarNames.DefaultThreshold).Count).ToList(), ct);
                Console.WriteLine($"  customer book: first load {load.Elapsed.TotalMilliseconds:F0} ms, {(GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / 1024.0 / 1024.0:F1} MB held; " +
                    $"name candidates per application: mean {candidates.Average():F1}, max {candidates.Max()} of {customerCount:N0}");
            }

            var naive = Stopwatch.StartNew();
            var book2 = names.Select((n, i) => new ExistingCustomer(i.ToString(System.Globalization.CultureInfo.InvariantCulture), n)).ToList();
            foreach (var a in apps.Take(50))
            {
                SimilarNames.Find(a.LegalName!, book2);
            }

            Console.WriteLine($"  naive similar-name check over the whole book: {naive.Elapsed.TotalMilliseconds / 50:F1} ms per application");

            foreach (var pass in new[] { "first (bureau pull, references, identifiers)", "second (cached report)" })
            {
                var latencies = new double[apps.Count];
                var next = -1;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < apps.Count)
                    {
                        var started = Stopwatch.GetTimestamp();
                        using var scope = services.CreateScope();
                        await scope.ServiceProvider.GetRequiredService<IEvidenceGatherer>().GatherAsync(apps[i], ct);
                        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }));
                var elapsed = clock.Elapsed.TotalSeconds;
                Array.Sort(latencies);
                Console.WriteLine($"  {pass}: {apps.Count / elapsed:N0} gatherings/s; p50 {latencies[latencies.Length / 2]:F1} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F1} ms");
            }

            using (var scope = services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                Console.WriteLine($"  stored: {await db.BureauPulls.CountAsync(ct):N0} bureau pulls, {await db.ReferenceRequests.CountAsync(ct):N0} reference requests, {await db.ApplicationIdentifiers.CountAsync(ct):N0} identifiers");
            }

            return 0;
        });
        return command;
    }

    internal static string Name(Random random) =>
        $"{First[random.Next(First.Length)]} {Second[random.Next(Second.Length)]} {random.Next(1, 5000)} {Forms[random.Next(Forms.Length)]}".Trim();

    internal static async Task<List<string>> SeedCustomers(IServiceProvider services, int count, Random random, CancellationToken ct)
    {
        var names = new List<string>(count);
        for (var start = 0; start < count; start += 2_000)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + 2_000); i++)
            {
                var name = Name(random);
                names.Add(name);
                var customer = new Customer
                {
                    Number = $"B{i:D6}",
                    LegalName = name,
                    TaxId = $"GB{random.Next(100_000_000, 999_999_999)}",
                    Phone = $"+44 20 {random.Next(1000, 9999)} {random.Next(1000, 9999)}",
                    Email = $"ap@{name.Split(' ')[0].ToLowerInvariant()}{i}.example",
                    Currency = "GBP",
                    TermsCode = "NET30",
                    BillingAddress = new Address { Line1 = $"{random.Next(1, 300)} High Street", City = Cities[random.Next(Cities.Length)], PostalCode = $"AB{random.Next(1, 99)} {random.Next(1, 9)}CD", Country = "GB" },
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                };
                customer.RefreshSearchText();
                db.Customers.Add(customer);
            }

            await db.SaveChangesAsync(ct);
        }

        return names;
    }

    private static async Task<List<CreditApplication>> SeedApplications(IServiceProvider services, int count, List<string> customerNames, Random random, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var template = new ApplicationTemplate { Key = "bench", Version = 1, Name = "Bench", DefinitionJson = "{}", CreatedBy = "bench", CreatedAtUtc = DateTime.UtcNow };
        db.ApplicationTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        var applications = new List<CreditApplication>(count);
        for (var i = 0; i < count; i++)
        {
            // One in five looks like an existing customer; the rest are new names.
            var name = i % 5 == 0 ? customerNames[random.Next(customerNames.Count)] + " Trading" : Name(random);
            var city = Cities[random.Next(Cities.Length)];
            var answers = JsonSerializer.Serialize(new
            {
                yearsInBusiness = random.Next(0, 40),
                annualRevenue = random.Next(100_000, 50_000_000),
                employees = random.Next(1, 500),
                billingAddress = new { line1 = $"{random.Next(1, 300)} Market Road", city, postalCode = "ZZ1 1ZZ", country = "GB" },
                shippingAddress = new { line1 = "1 Depot Lane", city = Cities[random.Next(Cities.Length)], postalCode = "ZZ2 2ZZ", country = "GB" },
                tradeReferences = new[] { new { company = "Supplier A", email = $"a{i}@supplier.example" }, new { company = "Supplier B", email = $"b{i}@supplier.example" } },
                bankReference = new { bankName = "Bank", email = $"refs{i}@bank.example", accountNumber = $"GB{random.NextInt64(10_000_000_000, 99_999_999_999)}" },
            });
            applications.Add(new CreditApplication
            {
                Reference = $"APP-B-{i:D6}",
                Kind = ApplicationKind.New,
                Status = ApplicationStatus.Submitted,
                TemplateId = template.Id,
                ApplicantEmail = random.Next(4) == 0 ? $"owner{i}@gmail.com" : $"ap@applicant{i}.example",
                LegalName = name,
                TaxId = $"GB{random.Next(100_000_000, 999_999_999)}",
                Website = $"https://applicant{i}.example",
                Country = "GB",
                Currency = "GBP",
                RequestedLimitMinor = random.Next(1_000, 100_000) * 100L,
                RequestedTermsCode = "NET30",
                AnswersJson = answers,
                SubmitterIp = $"10.0.{random.Next(0, 40)}.{random.Next(1, 250)}",
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
                SubmittedAtUtc = DateTime.UtcNow.AddMinutes(-random.Next(0, 60 * 24 * 10)),
            });
        }

        db.Applications.AddRange(applications);
        await db.SaveChangesAsync(ct);
        return applications;
    }
}
