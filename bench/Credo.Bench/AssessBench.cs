using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Features.Applications;
using Credo.Web.Features.CreditPolicy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>assess [--customers 10000] [--applications 2000] [--parallel 1] [--provider sqlite|postgres] [--connection ...]</c>:
/// automatic assessments per second (issue 4), the whole path after a submission: each submitted application on the
/// published default <c>trade-credit</c> template (email verified, financial statements uploaded) goes through
/// <see cref="IApplicationSubmitted.OnSubmittedAsync"/> in a fresh DI scope: verification, evidence from the local
/// bureau and the fraud checks against a book of customers, the published default policy's decision, and the outcome
/// applied (an approval creates the customer, its credit line and the email). Prints the rate, p50 and p99 and how
/// the applications ended. Prints figures; asserts nothing.
/// </summary>
internal static class AssessBench
{
    private static readonly string[] Cities = ["Boston", "Denver", "Portland", "Reno", "Tucson", "Asheville", "Charleston", "San Diego"];
    private static readonly string[] Terms = ["NET30", "NET30", "NET45"];

    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 10_000 };
        var applications = new Option<int>("--applications") { DefaultValueFactory = _ => 2_000 };
        var parallel = new Option<int>("--parallel") { Description = "Assessments in flight at once.", DefaultValueFactory = _ => 1 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("assess", "Automatic assessments per second (local bureau): submitted applications through the workflow, decided and applied.") { customers, applications, parallel, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var customerCount = parse.GetValue(customers);
            var applicationCount = parse.GetValue(applications);
            var inFlight = Math.Max(1, parse.GetValue(parallel));
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection), BenchDatabase.LocalBureau);
            var services = database.App.Services;
            var random = new Random(42);

            var seeding = Stopwatch.StartNew();
            var names = await GatherBench.SeedCustomers(services, customerCount, random, ct);
            var ids = await SeedSubmitted(services, applicationCount, names, random, ct);
            Console.WriteLine($"assess: {database.Provider}, {customerCount:N0} customers, {applicationCount:N0} submitted applications, {inFlight} in flight (seeded in {seeding.Elapsed.TotalSeconds:F1} s)");

            // Not timed: the customer book's first load and the published policy's cache, as on a running server.
            using (var scope = services.CreateScope())
            {
                var book = scope.ServiceProvider.GetRequiredService<Credo.Web.Features.Evidence.CustomerBook>();
                await book.Read(scope.ServiceProvider.GetRequiredService<CreditDb>(), view => view.NameCandidates("Warm Up Ltd", Credo.Domain.Fraud.SimilarNames.DefaultThreshold).Count, ct);
            }

            var latencies = new double[ids.Count];
            var next = -1;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var loadBefore = Load();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < ids.Count)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var scope = services.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<IApplicationSubmitted>().OnSubmittedAsync(ids[i], ct);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }));
            var elapsed = clock.Elapsed.TotalSeconds;
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Array.Sort(latencies);

            using (var scope = services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                var statuses = await db.Applications.AsNoTracking().Where(a => a.Reference.StartsWith("APP-A-"))
                    .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                int Count(ApplicationStatus s) => statuses.Where(x => x.Key == s).Sum(x => x.Count);
                var others = statuses.Where(x => x.Key is not (ApplicationStatus.Approved or ApplicationStatus.Referred or ApplicationStatus.Declined))
                    .Select(x => $"{x.Key} {x.Count:N0}").ToList();
                var newCustomers = await db.Customers.CountAsync(ct) - customerCount;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {ids.Count:N0} assessments in {elapsed:F2} s = {ids.Count / elapsed:N1} assessments/s; p50 {latencies[latencies.Length / 2]:F1} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F1} ms; CPU {used.TotalSeconds:F2} s ({used.TotalMilliseconds / ids.Count:F2} ms per assessment)"));
                Console.WriteLine(
                    $"  outcomes: approved {Count(ApplicationStatus.Approved):N0}, referred {Count(ApplicationStatus.Referred):N0}, declined {Count(ApplicationStatus.Declined):N0}" +
                    (others.Count > 0 ? ", other " + string.Join(", ", others) : string.Empty) +
                    $"; stored: {await db.PolicyDecisions.CountAsync(ct):N0} decisions, {newCustomers:N0} new customers, {await db.CreditLines.CountAsync(ct):N0} credit lines, {await db.BureauPulls.CountAsync(ct):N0} bureau pulls; load {loadBefore} -> {Load()}");

                var signals = await db.ApplicationAssessments.AsNoTracking().Select(a => a.FraudSignalsJson).ToListAsync(ct);
                var raised = signals.SelectMany(j => System.Text.Json.JsonSerializer.Deserialize<List<SignalView>>(j, System.Text.Json.JsonSerializerOptions.Web) ?? [])
                    .Where(x => x.Outcome == nameof(Credo.Domain.Fraud.SignalOutcome.Raised)).GroupBy(x => x.Code).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}");
                Console.WriteLine("    fraud signals raised: " + string.Join(", ", raised));
                // Why the policy referred: the most common reasons (amounts and names stripped), so the mix can be judged.
                var referredTexts = await db.ApplicationEvents.AsNoTracking()
                    .Where(e => e.ToStatus == ApplicationStatus.Referred && db.Applications.Any(a => a.Id == e.ApplicationId && a.Reference.StartsWith("APP-A-")))
                    .Select(e => e.Text).ToListAsync(ct);
                foreach (var reason in referredTexts.SelectMany(t => (t ?? string.Empty).Split(';', ':')).Select(r => System.Text.RegularExpressions.Regex.Replace(r.Trim(), @"\d[\d,.]*\d|\d", "#").Trim(' ', '.', '('))
                             .Where(r => r.Length > 0 && !r.StartsWith("Referred by the policy", StringComparison.Ordinal)).GroupBy(r => r).OrderByDescending(g => g.Count()).Take(4))
                {
                    Console.WriteLine($"    referral reason x{reason.Count():N0}: {reason.Key}");
                }
            }

            return 0;
        });
        return command;
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>
    /// The published default template and policy, then N applications as <c>SubmitApplication</c> leaves them: answers
    /// in the template's shape (validated against it; personal data encrypted), the typed columns filled, email
    /// verified, the financial statements on file, status Submitted. One in five has an existing customer's name.
    /// </summary>
    private static async Task<List<long>> SeedSubmitted(IServiceProvider services, int count, List<string> customerNames, Random random, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        await sp.GetRequiredService<SeedDefaultPolicy>().Handle(ct);
        var template = await db.LivePublishedTemplate(TradeCreditTemplate.Key, ct)
            ?? await sp.GetRequiredService<ImportTemplate>().Save(TradeCreditTemplate.Key, "Trade credit", TradeCreditTemplate.Definition("USD"), "bench", ct, publish: true);
        var definition = template.Definition();
        var secrets = sp.GetRequiredService<ApplicantSecrets>();
        var documents = new Dictionary<string, int> { ["financialStatements"] = 1 };
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var applications = new List<CreditApplication>(count);
        for (var i = 0; i < count; i++)
        {
            var name = i % 5 == 0 ? customerNames[random.Next(customerNames.Count)] : NewName(random);
            var answers = Answers(i, name, random, today);
            if (Credo.Domain.Applications.Answers.Validate(definition, answers, documents, today) is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"The bench's answers do not fit the template: {errors[0].Path}: {errors[0].Reason}");
            }

            var reference = $"APP-A-{i:D6}";
            var application = new CreditApplication
            {
                Reference = reference,
                Kind = ApplicationKind.New,
                Status = ApplicationStatus.Submitted,
                TemplateId = template.Id,
                ApplicantEmail = random.Next(10) == 0 ? $"owner{i}@gmail.com" : $"accounts@applicant{i}.example",
                EmailVerifiedAtUtc = now.AddMinutes(-30),
                Currency = definition.Currency,
                SignedName = "Bench Owner",
                SignedAtUtc = now,
                SignedIp = $"100.{64 + (i / 62_500 % 64)}.{i / 250 % 250}.{1 + (i % 250)}",
                ConsentSha256 = SubmitApplication.ConsentHash(definition),
                SubmitterIp = $"100.{64 + (i / 62_500 % 64)}.{i / 250 % 250}.{1 + (i % 250)}",
                CreatedAtUtc = now.AddHours(-1),
                UpdatedAtUtc = now,
                SubmittedAtUtc = now.AddMinutes(-random.Next(0, 60 * 24 * 10)),
            };
            ApplicantDrafts.WriteAnswers(application, definition, answers, secrets);
            var columns = Credo.Domain.Applications.Answers.Columns(definition, answers);
            application.LegalName = columns.LegalName;
            application.TradingName = columns.TradingName;
            application.TaxId = columns.TaxId;
            application.Website = columns.Website;
            application.Phone = columns.Phone;
            application.Country = columns.Country;
            application.RequestedLimitMinor = columns.RequestedLimit?.Minor;
            application.Currency = columns.RequestedLimit?.Currency.Code ?? definition.Currency;
            application.RequestedTermsCode = columns.RequestedTerms;
            applications.Add(application);
        }

        db.Applications.AddRange(applications);
        await db.SaveChangesAsync(ct);
        foreach (var a in applications)
        {
            db.ApplicationDocuments.Add(new ApplicationDocument
            {
                ApplicationId = a.Id,
                FieldKey = "financialStatements",
                OriginalName = "accounts.pdf",
                StoredName = $"bench-{a.Id}.pdf",
                ContentType = "application/pdf",
                SizeBytes = 1_000,
                Sha256 = new string('0', 64),
                UploadedAtUtc = now,
            });
        }

        await db.SaveChangesAsync(ct);
        return [.. applications.Select(a => a.Id)];
    }

    /// <summary>Answers in the default template's shape (as the demo's applicants fill it in), varied so every outcome occurs.</summary>
    private static JsonObject Answers(int i, string name, Random random, DateOnly today)
    {
        var years = random.Next(0, 40);
        var city = Cities[random.Next(Cities.Length)];
        var requested = random.Next(5, 120) * 1_000L;
        // EINs the deterministic local bureau reports on; one in 25 ends in 999, which it reports bankrupt.
        var taxId = i % 25 == 7 ? $"84-{random.Next(1_000, 9_999):D4}999" : $"84-{random.Next(1_000_000, 9_999_998):D7}";
        return new JsonObject
        {
            ["legalName"] = name,
            ["tradingName"] = name.Split(' ')[0] + " " + name.Split(' ')[1],
            ["taxId"] = taxId,
            ["incorporationDate"] = today.AddYears(-years).AddDays(-40 - random.Next(300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["incorporationPlace"] = "DE",
            ["yearsInBusiness"] = years.ToString(CultureInfo.InvariantCulture),
            ["annualRevenue"] = (random.Next(100, 20_000) * 1_000L).ToString(CultureInfo.InvariantCulture),
            ["employees"] = random.Next(1, 500).ToString(CultureInfo.InvariantCulture),
            ["website"] = $"https://applicant{i}.example",
            ["phone"] = $"+1 555 {random.Next(100, 999)} {random.Next(1000, 9999)}",
            ["billingAddress"] = new JsonObject { ["line1"] = $"{random.Next(1, 900)} Market Street", ["city"] = city, ["postalCode"] = $"{random.Next(10_000, 99_999)}", ["country"] = "US" },
            ["shipToBilling"] = "yes",
            ["bankName"] = i % 2 == 0 ? "First Coastal Bank" : "Plains National Bank",
            ["bankAccount"] = $"00{random.NextInt64(1_000_000_000, 9_999_999_999)}",
            ["bankContactEmail"] = $"references{i}@bank{i % 7}.example",
            ["tradeReferences"] = new JsonArray(
                Referee("Sunrise Produce Co.", $"ar{i}@sunrise-produce.example"),
                Referee("Great Lakes Beverages", $"credit{i}@greatlakes-bev.example"),
                Referee("Pioneer Paper Supply", $"accounts{i}@pioneer-paper.example")),
            ["owners"] = new JsonArray(new JsonObject
            {
                ["name"] = name.Split(' ')[0] + " Owner",
                ["role"] = "owner",
                ["ownershipPercent"] = "100",
                ["dateOfBirth"] = new DateOnly(1950 + random.Next(50), 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["homeAddress"] = new JsonObject { ["line1"] = $"{random.Next(1, 900)} Oak Lane", ["city"] = city, ["postalCode"] = $"{random.Next(10_000, 99_999)}", ["country"] = "US" },
                ["guarantees"] = random.Next(2) == 0 ? "yes" : "no",
            }),
            ["requestedLimit"] = requested.ToString(CultureInfo.InvariantCulture),
            ["requestedTerms"] = Terms[random.Next(Terms.Length)],
            ["monthlyPurchases"] = (requested / 2).ToString(CultureInfo.InvariantCulture),
            ["bureauConsent"] = "true",
        };
    }

    /// <summary>A made-up name unlike the book's (which is built from a small vocabulary), so only the deliberate lookalikes look alike.</summary>
    private static string NewName(Random random)
    {
        const string consonants = "bcdfghjklmnprstvz";
        const string vowels = "aeiou";
        string Word(int syllables) => string.Concat(Enumerable.Range(0, syllables).Select(_ => $"{consonants[random.Next(consonants.Length)]}{vowels[random.Next(vowels.Length)]}"));
        var first = Word(3);
        return $"{char.ToUpperInvariant(first[0])}{first[1..]} {char.ToUpperInvariant(Word(1)[0])}{Word(2)} Inc.";
    }

    private static JsonObject Referee(string company, string email) => new() { ["company"] = company, ["email"] = email };
}
