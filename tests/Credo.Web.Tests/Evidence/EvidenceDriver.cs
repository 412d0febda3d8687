using Credo.Domain.Applications;
using System.Net.Http.Headers;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Evidence;

/// <summary>Applications and evidence in test language. Applications are inserted directly: the public form is another slice.</summary>
internal static class EvidenceDriver
{
    public static async Task<CreditApplication> Application(
        this IServiceProvider services,
        string? legalName = "Applicant Ltd",
        string? taxId = null,
        string? email = null,
        string? website = null,
        string? country = "GB",
        string currency = "GBP",
        long? requestedLimitMinor = null,
        string? terms = null,
        string answersJson = "{}",
        string? ip = null,
        string? device = null,
        long? customerId = null,
        DateTime? submittedAtUtc = null,
        ApplicationStatus status = ApplicationStatus.Submitted,
        string? phone = null,
        DateTime? decidedAtUtc = null)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var template = await db.ApplicationTemplates.FirstOrDefaultAsync(t => t.Key == "evidence-tests");
        if (template is null)
        {
            template = new ApplicationTemplate { Key = "evidence-tests", Version = 1, Name = "Evidence tests", DefinitionJson = "{}", CreatedBy = "tests", CreatedAtUtc = db.UtcNow };
            db.ApplicationTemplates.Add(template);
            await db.SaveChangesAsync();
        }

        var now = db.UtcNow;
        var application = new CreditApplication
        {
            Reference = Http.Unique("APP"),
            Kind = customerId is null ? ApplicationKind.New : ApplicationKind.LimitIncrease,
            Status = status,
            TemplateId = template.Id,
            CustomerId = customerId,
            ApplicantEmail = email ?? $"buyer@{Http.Unique("applicant")}.example", // a domain of its own: a shared one is a fraud signal
            LegalName = legalName,
            TaxId = taxId,
            Website = website,
            Phone = phone,
            Country = country,
            Currency = currency,
            RequestedLimitMinor = requestedLimitMinor,
            RequestedTermsCode = terms,
            AnswersJson = answersJson,
            SubmitterIp = ip,
            DeviceId = device,
            CreatedAtUtc = submittedAtUtc ?? now,
            UpdatedAtUtc = now,
            SubmittedAtUtc = submittedAtUtc ?? now,
            DecidedAtUtc = decidedAtUtc,
        };
        db.Applications.Add(application);
        await db.SaveChangesAsync();
        return application;
    }

    /// <summary>Creates a customer through the API with the given master data; returns its id.</summary>
    public static async Task<long> Customer(this CredoApp app, string legalName, string? taxId = null, string? phone = null, string? email = null, object? billingAddress = null, string currency = "GBP")
    {
        var number = Http.Unique("C");
        var manager = await app.ClientAs("CreditManager");
        var response = await manager.PostJson("/api/customers", new { number, legalName, taxId, phone, email, currency, terms = "NET30", billingAddress });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await app.Services.Db(db => db.Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
    }

    public static async Task<ApplicationEvidence> Gather(this IServiceProvider services, CreditApplication application)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IEvidenceGatherer>().GatherAsync(application, CancellationToken.None);
    }

    public static async Task<T> Db<T>(this IServiceProvider services, Func<CreditDb, Task<T>> read)
    {
        using var scope = services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<CreditDb>());
    }

    public static Task<List<BureauPull>> Pulls(this IServiceProvider services, string subjectKey) =>
        services.Db(db => db.BureauPulls.AsNoTracking().Where(p => p.SubjectKey == subjectKey).OrderBy(p => p.Id).ToListAsync());

    /// <summary>The same app and database with more settings (e.g. another bureau waterfall); dispose it after the test.</summary>
    public static WebApplicationFactory<Program> With(this CredoApp app, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    public static async Task<HttpClient> ClientAs(this WebApplicationFactory<Program> factory, CredoApp app, string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>A unique tax id ending in <paramref name="suffix"/> (000: the local bureau never finds it; 999: bankrupt).</summary>
    public static string TaxId(string suffix = "") => "ZZ" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)[..(9 - suffix.Length)] + suffix;

    /// <summary>A unique tax id the local bureau finds, not bankrupt.</summary>
    public static string FoundTaxId()
    {
        while (true)
        {
            var taxId = TaxId();
            if (Credo.Domain.Bureau.LocalBureau.Report(taxId, Credo.Domain.Amounts.Currency.Gbp) is Credo.Domain.Bureau.BureauAnswer.Found { Report.Bankruptcy: false })
            {
                return taxId;
            }
        }
    }
}
