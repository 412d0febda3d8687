using Credo.Domain.Applications;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Credo.Domain.Fraud;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>
/// Deterministic stand-ins for the evidence and policy slices: each application's decision is scripted by its
/// applicant email (a test makes its own), and every call is counted. The default is to refer.
/// </summary>
internal sealed class ScriptedDecider : ICreditDecider, IEvidenceGatherer
{
    private static long _nextDecisionId = 1000;
    private readonly ConcurrentDictionary<string, Func<CreditApplication, DecisionSummary>> _scripts = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> Gathered { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> Decided { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Script(string email, DecisionOutcome outcome, long? limitMinor = null, string? terms = "NET30", string? riskClass = "low", bool needsSecond = false, DateOnly? reviewOn = null, string? currency = null, params string[] reasons) =>
        _scripts[email] = a => new DecisionSummary(Interlocked.Increment(ref _nextDecisionId), 3, outcome, limitMinor, currency ?? a.Currency, terms, riskClass, 712.5m, reviewOn, reasons, needsSecond);

    public Task<ApplicationEvidence> GatherAsync(CreditApplication application, CancellationToken ct)
    {
        Gathered.AddOrUpdate(application.ApplicantEmail, 1, (_, n) => n + 1);
        var facts = FactSet.Empty.With("yearsInBusiness", new FactValue.Number(7)).With("freeMailAddress", new FactValue.Flag(false));
        return Task.FromResult(new ApplicationEvidence(facts, [FraudSignal.Raised("similar-name", "Acme Ltd looks like Acme Limited (C000001)"), FraudSignal.Clear("vat-number-invalid")], ["bureau: local, report 7, 0 days old"]));
    }

    public Task<DecisionSummary> DecideAsync(CreditApplication application, ApplicationEvidence evidence, CancellationToken ct)
    {
        Decided.AddOrUpdate(application.ApplicantEmail, 1, (_, n) => n + 1);
        return Task.FromResult(_scripts.TryGetValue(application.ApplicantEmail, out var script)
            ? script(application)
            : new DecisionSummary(Interlocked.Increment(ref _nextDecisionId), 3, DecisionOutcome.Refer, null, application.Currency, null, null, null, null, ["no script"], false));
    }
}

/// <summary>The app with the scripted evidence and policy slices, on the test database (SQLite, or PostgreSQL when configured).</summary>
public sealed class WorkflowApp : IAsyncDisposable
{
    private readonly CredoApp _base = new();
    private readonly Dictionary<string, string> _keys = [];

    public WorkflowApp()
    {
        Factory = _base.WithWebHostBuilder(b =>
        {
            b.UseSetting("Applications:FourEyesAboveMinor", "100000000");
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton(Scripts);
                services.AddScoped<ICreditDecider>(sp => sp.GetRequiredService<ScriptedDecider>());
                services.AddScoped<IEvidenceGatherer>(sp => sp.GetRequiredService<ScriptedDecider>());
            });
        });
    }

    internal ScriptedDecider Scripts { get; } = new();

    public WebApplicationFactory<Program> Factory { get; }

    public bool IsPostgres => _base.IsPostgres;

    /// <summary>"Now" as the app reads it (its TimeProvider), never the test machine's own clock.</summary>
    public DateTimeOffset Now => Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>The app's log (the derived factory logs through its base's provider).</summary>
    internal CapturedLogs Log => _base.Log;

    /// <summary>A client of <paramref name="role"/>; a different <paramref name="person"/> gets its own key (another actor).</summary>
    public async Task<HttpClient> ClientAs(string role, string person = "")
    {
        var id = role + "/" + person;
        if (!_keys.TryGetValue(id, out var key))
        {
            key = await InScope(async sp => (await sp.GetRequiredService<ManageApiKeys>()
                .Create(new ApiKeyRequest($"{role.ToLowerInvariant()}-{person}-{Guid.NewGuid():N}"[..40], role), CancellationToken.None)).Value!.Key);
            _keys[id] = key;
        }

        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Factory.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task InScope(Func<IServiceProvider, Task> work) => InScope(async sp =>
    {
        await work(sp);
        return true;
    });

    /// <summary>
    /// What the public form does: a submitted application (email verified unless told otherwise) committed, then
    /// <see cref="IApplicationSubmitted"/> called. Returns the reference.
    /// </summary>
    internal async Task<string> Submit(string email, string definitionJson = "{}", bool emailVerified = true, long requestedMinor = 50_000_00, string? answersJson = null, IEnumerable<string>? documents = null, ApplicationStatus status = ApplicationStatus.Submitted)
    {
        var reference = Http.Unique("APP");
        var id = await InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var template = new ApplicationTemplate { Key = Http.Unique("tpl"), Version = 1, Name = "Test", DefinitionJson = definitionJson, CreatedBy = "test", CreatedAtUtc = db.UtcNow, PublishedAtUtc = db.UtcNow };
            db.ApplicationTemplates.Add(template);
            await db.SaveChangesAsync();
            var application = new CreditApplication
            {
                Reference = reference,
                Kind = ApplicationKind.New,
                Status = status,
                TemplateId = template.Id,
                ApplicantEmail = email,
                EmailVerifiedAtUtc = emailVerified ? db.UtcNow : null,
                LegalName = "Acme Trading Ltd " + reference,
                TradingName = "Acme",
                TaxId = "DE123456789",
                Website = "https://acme.example",
                Phone = "+49 30 1234",
                Country = "DE",
                Currency = "EUR",
                RequestedLimitMinor = requestedMinor,
                RequestedTermsCode = "NET30",
                AnswersJson = answersJson ?? """{"legalName":"Acme Trading Ltd","billingAddress":{"line1":"Hauptstr. 1","city":"Berlin","postalCode":"10115","country":"de"},"employees":12}""",
                CreatedAtUtc = db.UtcNow,
                UpdatedAtUtc = db.UtcNow,
                SubmittedAtUtc = status == ApplicationStatus.Draft ? null : db.UtcNow,
                ResumeTokenHash = Guid.NewGuid().ToString("N"),
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            foreach (var key in documents ?? [])
            {
                db.ApplicationDocuments.Add(new ApplicationDocument { ApplicationId = application.Id, FieldKey = key, OriginalName = key + ".pdf", StoredName = Guid.NewGuid().ToString("N"), ContentType = "application/pdf", SizeBytes = 10, Sha256 = new string('0', 64), UploadedAtUtc = db.UtcNow });
            }

            await db.SaveChangesAsync();
            return application.Id;
        });
        await Resubmitted(id);
        return reference;
    }

    /// <summary>The form calls the workflow again (after a re-submit or an email verification).</summary>
    public Task Resubmitted(long applicationId) => InScope(sp => sp.GetRequiredService<IApplicationSubmitted>().OnSubmittedAsync(applicationId, CancellationToken.None));

    internal Task<CreditApplication> Application(string reference) =>
        InScope(sp => sp.GetRequiredService<CreditDb>().Applications.AsNoTracking().SingleAsync(a => a.Reference == reference));

    internal Task<List<ApplicationEvent>> Events(string reference) => InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var id = await db.Applications.Where(a => a.Reference == reference).Select(a => a.Id).SingleAsync();
        return await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == id).OrderBy(e => e.Id).ToListAsync();
    });

    internal Task<List<OutboxEmail>> EmailsTo(string email) => InScope(async sp =>
        (await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).OrderBy(m => m.Id).ToListAsync())
            .Select(OutboxEmail.Read).OfType<OutboxEmail>().Where(e => e.To == email).ToList());

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _base.DisposeAsync();
    }
}

/// <summary>Signed-in page sessions on the workflow app (staff users made with Identity, as <see cref="Pages.PageSession"/> does).</summary>
internal static class WorkflowPages
{
    public static async Task<(string Email, string Password)> StaffUser(WorkflowApp app, string role)
    {
        var email = $"{Http.Unique(role.ToLowerInvariant())}@example.test";
        await app.InScope(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CreditUser>>();
            var user = new CreditUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + role, LockoutEnabled = true };
            var created = await users.CreateAsync(user, Pages.PageSession.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            var roleId = (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>().FindByNameAsync(role))?.Id;
            Assert.NotNull(roleId);
            await sp.GetRequiredService<CreditDb>().Database.ExecuteSqlAsync($"INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") VALUES ({user.Id}, {roleId})");
        });
        return (email, Pages.PageSession.Password);
    }

    public static async Task<Pages.PageSession> SignedIn(WorkflowApp app, string role)
    {
        var (email, password) = await StaffUser(app, role);
        var session = new Pages.PageSession(app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await session.SignIn(email, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }
}
