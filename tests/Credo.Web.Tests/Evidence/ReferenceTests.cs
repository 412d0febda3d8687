using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Tests.Evidence;

/// <summary>References: requested from the application's answers, emailed through the outbox with a secret link, answered on the public page or by hand.</summary>
public sealed partial class ReferenceTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const string Answers = """
        {
          "tradeReferences": [
            { "company": "Paper Supplies Ltd", "contactName": "Ann Able", "email": "ann@paper.example" },
            { "company": "Ink & Co", "email": "accounts@ink.example" },
            { "company": "Phone Only Traders", "phone": "+44 20 7946 0000" }
          ],
          "bankReference": { "bankName": "First Bank", "email": "refs@firstbank.example", "accountNumber": "GB29NWBK60161331926819" }
        }
        """;

    [Fact]
    public async Task The_first_gathering_asks_each_referee_by_email_once_with_a_hashed_secret_link()
    {
        var application = await app.Services.Application(legalName: "Reference Applicant Ltd", answersJson: Answers);

        var first = await app.Services.Gather(application);
        await app.Services.Gather(application);

        var requests = await app.Services.Db(db => db.ReferenceRequests.AsNoTracking().Where(r => r.ApplicationId == application.Id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([ReferenceKind.Trade, ReferenceKind.Trade, ReferenceKind.Trade, ReferenceKind.Bank], requests.Select(r => r.Kind));
        var emails = await Emails(application.LegalName!);
        Assert.Equal(["accounts@ink.example", "ann@paper.example", "refs@firstbank.example"], emails.Select(e => e.To).Order());
        foreach (var email in emails)
        {
            var token = Token(email.TextBody);
            Assert.Equal("reference-request", email.Tag);
            Assert.DoesNotContain(requests, r => r.TokenHash == token);
            Assert.Contains(requests, r => r.TokenHash == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))));
        }

        Assert.Null(requests[2].TokenHash); // no email, no link
        Assert.Equal(0m, first.Facts.Number("tradeReferencesAnswered"));
        Assert.False(first.Facts.Has("tradeReferencesNegative"));
        Assert.False(first.Facts.Has("bankReferencePositive"));
    }

    [Fact]
    public async Task A_referee_answers_on_the_public_page_once_and_the_answers_become_facts()
    {
        var application = await app.Services.Application(legalName: "Answered Applicant Ltd", answersJson: Answers);
        await app.Services.Gather(application);
        var emails = await Emails(application.LegalName!);
        var trade = Token(emails.Single(e => e.To == "ann@paper.example").TextBody);
        var bank = Token(emails.Single(e => e.To == "refs@firstbank.example").TextBody);
        var referee = new PageSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

        var page = await referee.Client.GetAsync($"/references/{trade}");
        var html = await page.Content.ReadAsStringAsync();
        var answered = await referee.PostForm($"/references/{trade}", new() { ["Experience"] = "Slow", ["HighestCredit"] = "15000", ["Terms"] = "net 30", ["YearsKnown"] = "4" });
        var again = await referee.PostForm($"/references/{bank}", new() { ["Experience"] = "Prompt" });
        var twice = await referee.Client.PostAsync($"/references/{trade}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Experience"] = "Prompt", ["__RequestVerificationToken"] = PageSession.Token(html) }));
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Answered Applicant Ltd", html, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("data-testid=\"reference-thanks\"", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(1m, evidence.Facts.Number("tradeReferencesAnswered"));
        Assert.Equal(1m, evidence.Facts.Number("tradeReferencesNegative"));
        Assert.Equal(true, evidence.Facts.Flag("bankReferencePositive"));
        var stored = await app.Services.Db(db => db.ReferenceRequests.AsNoTracking().SingleAsync(r => r.ApplicationId == application.Id && r.Email == "ann@paper.example"));
        Assert.Equal((PaymentExperience.Slow, 1_500_000L, "GBP", "net 30", 4, "referee"), (stored.Experience!.Value, stored.HighestCreditMinor!.Value, stored.HighestCreditCurrency!, stored.Terms!, stored.YearsKnown!.Value, stored.AnsweredBy!));
    }

    [Fact]
    public async Task The_public_page_refuses_unknown_links_and_posts_without_antiforgery()
    {
        var application = await app.Services.Application(legalName: "Forgery Target Ltd", answersJson: Answers);
        await app.Services.Gather(application);
        var token = Token((await Emails(application.LegalName!)).First().TextBody);
        var anonymous = app.Anonymous();

        var unknown = await anonymous.GetAsync("/references/not-a-real-token-at-all");
        var forged = await anonymous.PostAsync($"/references/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Experience"] = "Prompt" }));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await app.Services.Db(db => db.ReferenceRequests.AsNoTracking().Where(r => r.ApplicationId == application.Id).Select(r => r.AnsweredAtUtc).FirstOrDefaultAsync(r => r != null)));
    }

    [Fact]
    public async Task The_public_page_is_rate_limited_per_client()
    {
        await using var factory = app.With(("Evidence:References:AnswersPerMinute", "3"));
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync("/references/whatever-token")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task An_analyst_adds_a_referee_and_records_an_answer_heard_by_phone()
    {
        var application = await app.Services.Application(legalName: "Phone Answer Ltd");
        var analyst = await app.ClientAs("CreditAnalyst");

        var added = await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/references", new { kind = "trade", company = "Bolt Supplies", email = "credit@bolt.example" })).Read<JsonElement>();
        var id = added.GetProperty("id").GetInt64();
        var recorded = await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/references/{id}/answer", new { experience = "loss", highestCredit = 2000, comment = "Wrote off 1,200 last year" })).Read<JsonElement>();
        var evidence = await app.Services.Gather(application);

        Assert.True(added.GetProperty("emailed").GetBoolean());
        Assert.Single(await Emails(application.LegalName!));
        Assert.Equal("Loss", recorded.GetProperty("experience").GetString());
        Assert.StartsWith("apikey:test-creditanalyst", recorded.GetProperty("answeredBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(1m, evidence.Facts.Number("tradeReferencesAnswered"));
        Assert.Equal(1m, evidence.Facts.Number("tradeReferencesNegative"));
        await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/references", new { kind = "cousin", company = "X" })).AssertProblem(400, "validation", "kind");
        await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/references/{id}/answer", new { experience = "great" })).AssertProblem(400, "validation", "experience");
        await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/references/999999/answer", new { experience = "prompt" })).AssertProblem(404, "not-found");
    }

    private Task<List<OutboxEmail>> Emails(string applicant) =>
        app.Services.Db(async db => (await db.Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).ToListAsync())
            .Select(OutboxEmail.Read).OfType<OutboxEmail>().Where(e => e.Subject.Contains(applicant, StringComparison.Ordinal)).ToList());

    private static string Token(string body) => LinkPattern().Match(body) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No link in: " + body);

    [GeneratedRegex("/references/([A-Za-z0-9_-]{40,})")]
    private static partial Regex LinkPattern();
}
