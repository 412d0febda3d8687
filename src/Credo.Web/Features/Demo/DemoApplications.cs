using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// A morning of credit applications for the demo, sent down the real path (<see cref="IApplicationSubmitted"/>:
/// the installed evidence gatherer and policy decide them), then some work by the demo analyst so that the queue
/// shows every kind of case: one taken for review, one waiting for the applicant. Skipped (returns 0) when the
/// evidence or policy slice is not installed.
/// </summary>
internal static class DemoApplications
{
    private static readonly (string Legal, string Trading, string TaxId, string Country, string Currency, long RequestedMinor, string City)[] Applicants =
    [
        ("Bayside Grocers LLC", "Bayside Market", "12-3456789", "US", "USD", 25_000_00, "San Diego"),
        ("Northwind Delicatessen Inc.", "Northwind Deli", "98-7654321", "US", "USD", 60_000_00, "Portland"),
        ("Maple Leaf Provisions Ltd", "Maple Leaf", "123456789RC0001", "CA", "CAD", 40_000_00, "Toronto"),
        ("Cornerstone Wines Ltd", "Cornerstone", "GB123456789", "GB", "GBP", 15_000_00, "Bristol"),
        ("Quick Stop Convenience", "Quick Stop", "00-0000000", "US", "USD", 250_000_00, "Reno"),
        ("Rive Gauche Épicerie SARL", "Rive Gauche", "FR40303265045", "FR", "EUR", 30_000_00, "Lyon"),
    ];

    private const string DemoTemplateKey = "demo-trade-credit";

    public static async Task<int> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var installed = services.GetRequiredService<IServiceProviderIsService>();
        if (!installed.IsService(typeof(IEvidenceGatherer)) || !installed.IsService(typeof(ICreditDecider)))
        {
            return 0;
        }

        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        var templateId = await TemplateId(db, ct);
        var references = new List<string>();
        foreach (var (a, i) in Applicants.Select((a, i) => (a, i)))
        {
            var now = db.UtcNow;
            var reference = $"APP-{now:yyyy}-D{i + 1:D5}";
            if (await db.Applications.AnyAsync(x => x.Reference == reference, ct))
            {
                continue;
            }

            var slug = a.Trading.ToLowerInvariant().Replace(' ', '-');
            var application = new CreditApplication
            {
                Reference = reference,
                Kind = ApplicationKind.New,
                Status = ApplicationStatus.Submitted,
                TemplateId = templateId,
                ApplicantEmail = $"accounts@{slug}.example",
                EmailVerifiedAtUtc = now,
                LegalName = a.Legal,
                TradingName = a.Trading,
                TaxId = a.TaxId,
                Website = $"https://{slug}.example",
                Country = a.Country,
                Currency = a.Currency,
                RequestedLimitMinor = a.RequestedMinor,
                RequestedTermsCode = "NET30",
                AnswersJson = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["yearsInBusiness"] = 2 + (i * 3 % 11),
                    ["employees"] = 5 + (i * 17 % 60),
                    ["billingAddress"] = new Dictionary<string, string> { ["line1"] = $"{10 + i} Market Street", ["city"] = a.City, ["country"] = a.Country },
                }),
                SignedName = "Demo Signer",
                SignedAtUtc = now,
                CreatedAtUtc = now.AddHours(-(i + 1) * 5),
                UpdatedAtUtc = now,
                SubmittedAtUtc = now.AddHours(-(i + 1) * 4),
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync(ct);
            await sp.GetRequiredService<IApplicationSubmitted>().OnSubmittedAsync(application.Id, ct);
            references.Add(reference);
        }

        var analyst = new WorkflowActor(FlowActor.Analyst, "user:" + DemoSeeder.Staff.Single(s => s.Role == Infrastructure.Roles.CreditAnalyst).Email);
        var referred = await db.Applications.AsNoTracking().Where(x => references.Contains(x.Reference) && x.Status == ApplicationStatus.Referred).OrderBy(x => x.Id).Select(x => x.Reference).ToListAsync(ct);
        var review = sp.GetRequiredService<ReviewApplication>();
        if (referred.Count > 0)
        {
            await review.Assign(referred[0], new AssignRequest(null, null), analyst, ct);
            await review.Note(referred[0], new TextRequest("Called the applicant's bank: account in good standing since 2019.", null), analyst, ct);
        }

        if (referred.Count > 1)
        {
            await review.RequestInformation(referred[1], new TextRequest("Your latest annual financial statements (balance sheet and income statement).", null), analyst, ct);
        }

        return references.Count;
    }

    /// <summary>The newest published template (the form's default), or an unpublished demo one when there is none.</summary>
    private static async Task<long> TemplateId(CreditDb db, CancellationToken ct)
    {
        var published = await db.ApplicationTemplates.Where(t => t.PublishedAtUtc != null && t.Key != OpenCustomerApplication.InternalTemplateKey)
            .OrderByDescending(t => t.PublishedAtUtc).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        if ((published ?? await db.ApplicationTemplates.Where(t => t.Key == DemoTemplateKey).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct)) is { } id)
        {
            return id;
        }

        var template = new ApplicationTemplate { Key = DemoTemplateKey, Version = 1, Name = "Trade credit (demo)", DefinitionJson = "{\"sections\":[]}", CreatedAtUtc = db.UtcNow, CreatedBy = "demo" };
        db.ApplicationTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template.Id;
    }
}
