using System.Globalization;
using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Domain.Bureau;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Features.Applications;
using Credo.Web.Features.CreditPolicy;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// A morning of credit applications for the demo, filled in on the default <c>trade-credit</c> template through the
/// public form's own use cases (start, verify, save, upload the accounts, sign, submit), so the real workflow, the
/// local bureau, the fraud checks and the published default policy decide them exactly as they would a real
/// submission. Then some work by the demo analyst, and two periodic reviews of existing customers (decisions with
/// payment history, for the policy backtest). The queue ends up with applications approved automatically, referred
/// cases waiting for an analyst (one of them above the four-eyes amount), one taken for review, one waiting for the
/// applicant's information and one declined. Running it again adds nothing.
/// </summary>
internal static class DemoApplications
{
    /// <summary>What the local bureau should say about an applicant: the story its tax id is picked for.</summary>
    private enum BureauStory
    {
        Clean,
        Judgments,
        Insolvent,
    }

    private sealed record DemoApplicant(string Legal, string Trading, string City, string State, string PostalCode, int YearsInBusiness, long Revenue, long Requested, string Terms, BureauStory Bureau);

    private static readonly DemoApplicant[] Applicants =
    [
        new("Bayside Grocers LLC", "Bayside Market", "San Diego", "CA", "92101", 14, 2_400_000, 25_000, "NET30", BureauStory.Clean),
        new("Northwind Delicatessen Inc.", "Northwind Deli", "Portland", "OR", "97204", 9, 1_100_000, 40_000, "NET30", BureauStory.Clean),
        new("Cornerstone Wine Merchants LLC", "Cornerstone Wines", "Boston", "MA", "02110", 22, 6_500_000, 150_000, "NET45", BureauStory.Clean),
        new("Quick Stop Convenience Corp.", "Quick Stop", "Reno", "NV", "89501", 6, 900_000, 30_000, "NET30", BureauStory.Insolvent),
        new("Juniper Street Kitchen LLC", "Juniper Kitchen", "Denver", "CO", "80202", 1, 450_000, 20_000, "NET30", BureauStory.Clean),
        new("Rio Verde Tortilleria Inc.", "Rio Verde", "Tucson", "AZ", "85701", 11, 1_800_000, 35_000, "NET30", BureauStory.Judgments),
        new("Alder & Finch Provisions Co.", "Alder & Finch", "Asheville", "NC", "28801", 7, 750_000, 15_000, "NET30", BureauStory.Clean),
        new("Saltmarsh Oyster Bar LLC", "Saltmarsh", "Charleston", "SC", "29401", 1, 600_000, 12_000, "NET30", BureauStory.Clean),
    ];

    public static async Task<int> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        await EnsureTemplateAndPolicy(sp, ct);

        var references = new List<string>();
        foreach (var (a, i) in Applicants.Select((a, i) => (a, i)))
        {
            if (await Submit(sp, a, i, ct) is { } reference)
            {
                references.Add(reference);
            }
        }

        if (references.Count == 0)
        {
            return 0;
        }

        var analyst = new WorkflowActor(FlowActor.Analyst, "user:" + DemoSeeder.Staff.Single(s => s.Role == Infrastructure.Roles.CreditAnalyst).Email);
        var review = sp.GetRequiredService<ReviewApplication>();
        db.ChangeTracker.Clear();
        var young = Applicants.Where(a => a.YearsInBusiness < 2).Select(a => $"accounts@{Slug(a.Trading)}.example").ToList();
        var referred = await db.Applications.AsNoTracking()
            .Where(x => references.Contains(x.Reference) && x.Status == ApplicationStatus.Referred && young.Contains(x.ApplicantEmail))
            .OrderBy(x => x.Id).Select(x => x.Reference).ToListAsync(ct);
        if (referred.Count > 0)
        {
            await review.RequestInformation(referred[0], new TextRequest("Your latest annual financial statements as figures (balance sheet and income statement), please: you have been trading for about a year.", null), analyst, ct);
        }

        if (referred.Count > 1)
        {
            await review.Assign(referred[1], new AssignRequest(null, null), analyst, ct);
            await review.Note(referred[1], new TextRequest("Called the applicant's bank: account in good standing since it opened.", null), analyst, ct);
        }

        await PeriodicReviews(sp, ct);
        return references.Count;
    }

    /// <summary>Fills in and submits one applicant's form; null when the demo already has it.</summary>
    private static async Task<string?> Submit(IServiceProvider sp, DemoApplicant a, int i, CancellationToken ct)
    {
        var db = sp.GetRequiredService<CreditDb>();
        var slug = Slug(a.Trading);
        var email = $"accounts@{slug}.example";
        if (await db.Applications.AnyAsync(x => x.ApplicantEmail == email, ct))
        {
            return null;
        }

        var started = await sp.GetRequiredService<StartApplication>().Start(new StartRequest(TradeCreditTemplate.Key, email), ct);
        if (!started.IsOk)
        {
            throw new InvalidOperationException($"The demo could not start an application: {started.Error!.Message}");
        }

        var secrets = sp.GetRequiredService<ApplicantSecrets>();
        var drafts = sp.GetRequiredService<ApplicantDrafts>();
        var view = await drafts.Find(TradeCreditTemplate.Key, started.Value!.ResumeToken, ct) ?? throw new InvalidOperationException("The demo's draft vanished.");
        var verified = await sp.GetRequiredService<VerifyApplicantEmail>().Verify(view.Application, secrets.VerificationCode(view.Application.ResumeTokenHash!), ct);
        if (!verified.IsOk)
        {
            throw new InvalidOperationException($"The demo could not verify an applicant: {verified.Error!.Message}");
        }

        view = (await drafts.Find(TradeCreditTemplate.Key, started.Value.ResumeToken, ct))!;
        using (var pdf = new MemoryStream(StatementPdf(a.Legal)))
        {
            var uploaded = await sp.GetRequiredService<UploadApplicationDocument>().Upload(view, "financialStatements", $"{slug}-accounts-{DateTime.UtcNow.Year - 1}.pdf", pdf, ct);
            if (!uploaded.IsOk)
            {
                throw new InvalidOperationException($"The demo could not upload a statement: {uploaded.Error!.Message}");
            }
        }

        view = (await drafts.Find(TradeCreditTemplate.Key, started.Value.ResumeToken, ct))!;
        var answers = Answers(a, i, slug, db.Today());
        var submitted = await sp.GetRequiredService<SubmitApplication>().Submit(view, new SubmitRequest(answers, a.Legal.Split(' ')[0] + " Owner", true, $"203.0.113.{20 + i}", null), ct);
        if (!submitted.IsOk)
        {
            throw new InvalidOperationException($"The demo's answers do not fit the template: {submitted.Error!.Message}");
        }

        return submitted.Value!.Reference;
    }

    /// <summary>The answers in the default template's shape, with identifiers (phone, bank account, address) of the applicant's own.</summary>
    private static JsonObject Answers(DemoApplicant a, int i, string slug, DateOnly today)
    {
        var n = 4100 + (i * 37);
        return new JsonObject
        {
            ["legalName"] = a.Legal,
            ["tradingName"] = a.Trading,
            ["taxId"] = TaxId(a.Bureau, i),
            ["incorporationDate"] = today.AddYears(-a.YearsInBusiness).AddDays(-40 - i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["incorporationPlace"] = a.State,
            ["yearsInBusiness"] = a.YearsInBusiness.ToString(CultureInfo.InvariantCulture),
            ["annualRevenue"] = a.Revenue.ToString(CultureInfo.InvariantCulture),
            ["employees"] = (4 + (i * 7 % 40)).ToString(CultureInfo.InvariantCulture),
            ["website"] = $"https://{slug}.example",
            ["phone"] = $"+1 555 01{i:D2} {n:D4}",
            ["billingAddress"] = new JsonObject { ["line1"] = $"{10 + (i * 13)} {a.Trading.Split(' ')[0]} Avenue", ["city"] = a.City, ["postalCode"] = a.PostalCode, ["country"] = "US" },
            ["shipToBilling"] = "yes",
            ["bankName"] = i % 2 == 0 ? "First Coastal Bank" : "Plains National Bank",
            ["bankAccount"] = $"00{i}7{n}{90 + i}",
            ["bankContactEmail"] = $"references@{(i % 2 == 0 ? "firstcoastal" : "plainsnational")}.example",
            ["tradeReferences"] = new JsonArray(
                Referee("Sunrise Produce Co.", "ar@sunrise-produce.example"),
                Referee("Great Lakes Beverages", "credit@greatlakes-bev.example"),
                Referee("Pioneer Paper Supply", "accounts@pioneer-paper.example")),
            ["owners"] = new JsonArray(new JsonObject
            {
                ["name"] = a.Legal.Split(' ')[0] + " Owner",
                ["role"] = "owner",
                ["ownershipPercent"] = "100",
                ["dateOfBirth"] = new DateOnly(1970 + (i * 3 % 20), 1 + (i % 12), 10 + i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["homeAddress"] = new JsonObject { ["line1"] = $"{200 + i} Oak Lane", ["city"] = a.City, ["postalCode"] = a.PostalCode, ["country"] = "US" },
                ["guarantees"] = "yes",
            }),
            ["requestedLimit"] = a.Requested.ToString(CultureInfo.InvariantCulture),
            ["requestedTerms"] = a.Terms,
            ["monthlyPurchases"] = (a.Requested / 2).ToString(CultureInfo.InvariantCulture),
            ["bureauConsent"] = "true",
        };
    }

    private static JsonObject Referee(string company, string email) => new() { ["company"] = company, ["email"] = email };

    /// <summary>
    /// An EIN the deterministic local bureau tells <paramref name="story"/> about: the first in this applicant's own
    /// range whose report fits (an insolvent one ends in 999, which the local bureau always reports bankrupt).
    /// </summary>
    private static string TaxId(BureauStory story, int i)
    {
        if (story == BureauStory.Insolvent)
        {
            return $"84-{3_100 + i:D4}999";
        }

        for (var n = 3_100_000 + (i * 10_000); ; n++)
        {
            var taxId = $"84-{n:D7}";
            if (taxId.EndsWith("000", StringComparison.Ordinal) || taxId.EndsWith("999", StringComparison.Ordinal)
                || LocalBureau.Report(taxId, Currency.Usd) is not BureauAnswer.Found { Report: var r })
            {
                continue;
            }

            var fits = story switch
            {
                BureauStory.Clean => r is { Bankruptcy: false, Judgments: 0, Score: >= 60 } && r.SuggestedLimit is { Minor: >= 200_000_00 },
                BureauStory.Judgments => r is { Bankruptcy: false, Judgments: >= 1, Score: >= 40 },
                BureauStory.Insolvent => false,
            };
            if (fits)
            {
                return taxId;
            }
        }
    }

    /// <summary>A small valid PDF standing in for the applicant's accounts.</summary>
    private static byte[] StatementPdf(string company) =>
        System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Title ({new string(company.Where(c => c < 128 && c != '(' && c != ')').ToArray())} annual accounts) >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF\n");

    private static string Slug(string name) =>
        string.Join('-', new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The demo may run before the host's start-up seeding (the <c>demo</c> verb): make sure the form and the policy exist.</summary>
    private static async Task EnsureTemplateAndPolicy(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<CreditDb>();
        if (await db.LivePublishedTemplate(TradeCreditTemplate.Key, ct) is null && !await db.ApplicationTemplates.AnyAsync(t => t.Key == TradeCreditTemplate.Key, ct))
        {
            var definition = TradeCreditTemplate.Definition(sp.GetRequiredService<IConfiguration>()["Applications:DefaultCurrency"] ?? "USD");
            await sp.GetRequiredService<ImportTemplate>().Save(TradeCreditTemplate.Key, definition.Title, definition, "system", ct, publish: true);
        }

        await sp.GetRequiredService<SeedDefaultPolicy>().Handle(ct);
    }

    /// <summary>Periodic reviews of two long-standing customers: decisions over their own payment history.</summary>
    private static async Task PeriodicReviews(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<CreditDb>();
        var manager = new WorkflowActor(FlowActor.Manager, "user:" + DemoSeeder.Staff.Single(s => s.Role == Infrastructure.Roles.CreditManager).Email);
        var withLines = await db.CreditLines.AsNoTracking().Where(l => l.Level == Domain.Credit.LimitLevel.Customer && l.LimitMinor != null).Select(l => l.SubjectId).ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking().Where(c => withLines.Contains(c.Id) && !db.Applications.Any(x => x.CustomerId == c.Id))
            .OrderBy(c => c.Number).Select(c => c.Number).Take(2).ToListAsync(ct);
        foreach (var number in customers)
        {
            await sp.GetRequiredService<OpenCustomerApplication>().Open(new CustomerApplicationRequest(number, ApplicationKind.Review, null, null, null, "Annual review."), manager, ct);
        }
    }
}
