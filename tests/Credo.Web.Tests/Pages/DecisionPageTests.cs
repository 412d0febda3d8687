using System.Net;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.CreditPolicy;
using Credo.Web.Tests.CreditPolicy;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Pages;

/// <summary>
/// The decision page explains a stored decision rule by rule. The facts are a good applicant under the default policy
/// with two open judgments (the rule 'Open judgments' refers), no tax id check (the rule 'Invalid tax id' is
/// undetermined) and no payment history (paydex missing: the one reason code, 15 points lost, score 85, low risk), so
/// 'Low or medium risk' fires too but the referral wins.
/// </summary>
public sealed class DecisionPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    internal static FactSet JudgmentsAndNoTaxCheck() => PolicyDriver.GoodApplicant()
        .With("bureauJudgments", (decimal?)2m)
        .With("fraudTaxIdInvalid", (FactValue?)null);

    [Fact]
    public async Task The_page_shows_outcome_scorecard_every_rule_with_each_condition_precedence_and_grouped_facts()
    {
        var application = await app.NewApplication();
        var decision = await app.Decide(application, JudgmentsAndNoTaxCheck());
        Assert.Equal(DecisionOutcome.Refer, decision.Outcome);

        var session = await PageSession.SignedIn(app, "CreditAnalyst");
        var html = await session.Client.GetStringAsync($"/team/decisions/{decision.DecisionId}");
        var text = WebUtility.HtmlDecode(html);

        Assert.Contains("data-testid=\"decision-outcome\">refer<", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/team/policies/{decision.PolicyVersion}\"", html, StringComparison.Ordinal);
        Assert.Contains("decided by <span data-testid=\"decided-by\">automatic</span>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/team/applications/{application.Reference}\"", html, StringComparison.Ordinal);

        // scorecard: total, class, the missing factor, and the reason code in words
        Assert.Contains("data-testid=\"score\">85<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"risk-class\">low<", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-factor=\"paydex\" class=\"missing\">", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">30 / 30</td>", html, StringComparison.Ordinal); // bureau score 82: full marks
        Assert.Contains("<li data-factor=\"paydex\">Paydex was missing, so it earned none of its 15 points.</li>", html, StringComparison.Ordinal);

        // the trace: every rule, fired, not fired and undetermined, each condition with its truth and the value it saw
        Assert.Contains("data-rule=\"Open judgments\" data-effect=\"Fired\"", html, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"Low or medium risk\" data-effect=\"Fired\"", html, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"Invalid tax id\" data-effect=\"Undetermined\"", html, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"Insolvency on record\" data-effect=\"NotFired\"", html, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"Slow payer\" data-effect=\"NotFired\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-condition=\"bureauJudgments > 0\" data-truth=\"true\"><td><code>bureauJudgments > 0</code></td><td>true</td><td>bureauJudgments = 2</td></tr>", text, StringComparison.Ordinal);
        Assert.Contains("<tr data-condition=\"fraudTaxIdInvalid = true\" data-truth=\"undetermined\"><td><code>fraudTaxIdInvalid = true</code></td><td>undetermined</td><td>fraudTaxIdInvalid = missing</td></tr>", text, StringComparison.Ordinal);
        Assert.Contains("<tr data-condition=\"bureauBankruptcy = true\" data-truth=\"false\">", text, StringComparison.Ordinal);
        Assert.Contains("<tr data-condition=\"riskClass in ['low', 'medium']\" data-truth=\"true\"><td><code>riskClass in ['low', 'medium']</code></td><td>true</td><td>riskClass = low</td></tr>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"trace-mismatch\"", html, StringComparison.Ordinal);

        // precedence
        Assert.Contains("Referred because 'Open judgments' fired with a refer outcome.", text, StringComparison.Ordinal);
        Assert.Contains("'Invalid tax id' could not be decided: fraudTaxIdInvalid missing", text, StringComparison.Ordinal);
        Assert.Contains("The referral overrides the approval of 'Low or medium risk'.", text, StringComparison.Ordinal);

        // facts grouped as the catalog, with descriptions, computed facts included, missing marked
        Assert.Contains("<h3 class=\"h-small\">Payment history</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-fact=\"paydex\"><th scope=\"row\"><code>paydex</code></th><td>missing</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-fact=\"bureauJudgments\"><th scope=\"row\"><code>bureauJudgments</code></th><td>2</td><td class=\"hint\">Count of open judgments and liens.</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-fact=\"riskClass\"><th scope=\"row\"><code>riskClass</code></th><td>low</td>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(">Bureau</h3>", StringComparison.Ordinal) < html.IndexOf(">Computed by the policy</h3>", StringComparison.Ordinal));

        Assert.Contains("data-testid=\"replay\"", html, StringComparison.Ordinal);
        var replayed = await session.PostForm($"/team/decisions/{decision.DecisionId}?handler=Replay", new());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("Replay: reproduced exactly.", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_the_decision_but_cannot_replay_it_and_anonymous_is_sent_to_sign_in()
    {
        var decision = await app.Decide(await app.NewApplication(), JudgmentsAndNoTaxCheck());
        var url = $"/team/decisions/{decision.DecisionId}";

        var viewer = await PageSession.SignedIn(app, "Viewer");
        var page = await viewer.Client.GetStringAsync(url);
        Assert.Contains("data-rule=\"Open judgments\" data-effect=\"Fired\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"replay\"", page, StringComparison.Ordinal);
        var refused = await viewer.PostForm(url + "?handler=Replay", new(), tokenFrom: url);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("data-testid=\"replay-result\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var withoutToken = await (await PageSession.SignedIn(app, "CreditManager")).Client.PostAsync(url + "?handler=Replay", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode); // antiforgery

        foreach (var anonymousUrl in new[] { url, "/team/decisions" })
        {
            var anonymous = await PageSession.NewClient(app).GetAsync(anonymousUrl);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.PathAndQuery(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Client.GetAsync("/team/decisions/999999999")).StatusCode);
    }

    [Fact]
    public async Task The_list_is_newest_first_filters_by_outcome_and_version_and_pages()
    {
        var referred = await app.Decide(await app.NewApplication(), JudgmentsAndNoTaxCheck());
        var approvedIds = await app.InScope(async sp =>
        {
            var decider = sp.GetRequiredService<DecideCredit>();
            var db = sp.GetRequiredService<CreditDb>();
            var records = new List<PolicyDecisionRecord>();
            for (var i = 0; i < 50; i++)
            {
                records.Add(await decider.Evaluate(null, null, "USD", PolicyDriver.GoodApplicant(), CancellationToken.None));
            }

            db.PolicyDecisions.AddRange(records);
            await db.SaveChangesAsync();
            return records.Select(r => r.Id).ToList();
        });
        var newest = approvedIds.Max();

        var session = await PageSession.SignedIn(app, "Viewer");
        var first = await session.Client.GetStringAsync("/team/decisions");
        Assert.Contains("href=\"/team/decisions\"", first, StringComparison.Ordinal); // the nav link
        Assert.Contains($"<tr data-decision=\"{newest}\">", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-decision=\"{referred.DecisionId}\">", first, StringComparison.Ordinal); // 50 newer ones fill page 1
        Assert.True(first.IndexOf($"data-decision=\"{newest}\"", StringComparison.Ordinal) < first.IndexOf($"data-decision=\"{newest - 1}\"", StringComparison.Ordinal));
        Assert.Contains("aria-disabled=\"false\" rel=\"next\"", first, StringComparison.Ordinal);

        var second = await session.Client.GetStringAsync("/team/decisions?p=2");
        Assert.Contains($"<tr data-decision=\"{referred.DecisionId}\">", second, StringComparison.Ordinal);

        var refers = await session.Client.GetStringAsync($"/team/decisions?outcome=refer&version={referred.PolicyVersion}");
        Assert.Contains($"<tr data-decision=\"{referred.DecisionId}\">", refers, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-decision=\"{newest}\">", refers, StringComparison.Ordinal);
        Assert.Contains("<option value=\"refer\" selected=\"selected\">", refers, StringComparison.Ordinal);

        var approvals = await session.Client.GetStringAsync("/team/decisions?outcome=approve");
        Assert.Contains($"<tr data-decision=\"{newest}\">", approvals, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr data-decision=\"{referred.DecisionId}\">", approvals, StringComparison.Ordinal);

        var otherVersion = await session.Client.GetStringAsync($"/team/decisions?version={referred.PolicyVersion + 100}");
        Assert.Contains("No decision matches.", otherVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_page_summarises_the_latest_decision_and_links_to_it()
    {
        var application = await app.NewApplication();
        var decision = await app.Decide(application, JudgmentsAndNoTaxCheck());
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            db.ApplicationAssessments.Add(new ApplicationAssessment
            {
                ApplicationId = application.Id, DecisionId = decision.DecisionId, PolicyVersion = decision.PolicyVersion, Outcome = decision.Outcome.ToString(),
                Currency = decision.Currency, RiskClass = decision.RiskClass, Score = decision.Score, AtUtc = app.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
            return 0;
        });

        var session = await PageSession.SignedIn(app, "Viewer");
        var response = await session.Client.GetAsync($"/team/applications/{application.Reference}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("data-testid=\"decision-inline\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>Paydex was missing, so it earned none of its 15 points.</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Open judgments: refer (fired)</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Invalid tax id: decline (undetermined: fraudTaxIdInvalid missing)</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Insolvency on record:", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/team/decisions/{decision.DecisionId}\" data-testid=\"full-decision-link\">", html, StringComparison.Ordinal);
    }
}

/// <summary>A decision stored without an evaluation (an unknown currency) still explains itself and is not replayed.</summary>
public sealed class DecisionPageUnevaluatedTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_referral_without_evaluation_shows_its_reason_and_replay_says_there_is_nothing_to_replay()
    {
        var decision = await app.Decide(await app.NewApplication(currency: "ZZZ"), PolicyDriver.GoodApplicant());
        Assert.Equal(DecisionOutcome.Refer, decision.Outcome);
        var url = $"/team/decisions/{decision.DecisionId}";

        var session = await PageSession.SignedIn(app, "CreditManager");
        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync(url));
        Assert.Contains("No scorecard: nothing was evaluated.", html, StringComparison.Ordinal);
        Assert.Contains("No policy was evaluated, so the case was referred to a person: The currency 'ZZZ' is not known.", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-fact=\"bureauScore\"><th scope=\"row\"><code>bureauScore</code></th><td>82</td>", html, StringComparison.Ordinal);

        var replayed = WebUtility.HtmlDecode(await (await session.PostForm(url + "?handler=Replay", new())).Content.ReadAsStringAsync());
        Assert.Contains("Not replayed: No policy version was evaluated for this decision", replayed, StringComparison.Ordinal);
        Assert.DoesNotContain("reproduced exactly", replayed, StringComparison.Ordinal);
    }
}

/// <summary>Replaying a decision whose stored snapshot was altered shows what no longer reproduces.</summary>
public sealed class DecisionPageReplayTamperTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Replay_of_a_tampered_snapshot_shows_the_differences()
    {
        var decision = await app.Decide(await app.NewApplication(), DecisionPageTests.JudgmentsAndNoTaxCheck());
        var url = $"/team/decisions/{decision.DecisionId}";

        // Someone with database access bypasses the append-only trigger and lowers the bureau score in the snapshot.
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var off = app.IsPostgres ? "ALTER TABLE policy_decisions DISABLE TRIGGER policy_decisions_no_update" : "DROP TRIGGER policy_decisions_no_update";
            await db.Database.ExecuteSqlRawAsync(off);
            var json = await db.PolicyDecisions.Where(d => d.Id == decision.DecisionId).Select(d => d.FactsJson).SingleAsync();
            var tampered = json.Replace("\"bureauScore\":82", "\"bureauScore\":12", StringComparison.Ordinal);
            Assert.NotEqual(json, tampered);
            await db.Database.ExecuteSqlAsync($"UPDATE policy_decisions SET \"FactsJson\" = {tampered} WHERE \"Id\" = {decision.DecisionId}");
            if (app.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE policy_decisions ENABLE TRIGGER policy_decisions_no_update");
            }

            return 0;
        });

        var session = await PageSession.SignedIn(app, "CreditAnalyst");
        var page = await session.Client.GetStringAsync(url);
        Assert.Contains("data-testid=\"trace-mismatch\"", page, StringComparison.Ordinal);

        var replayed = await session.PostForm(url + "?handler=Replay", new());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        var html = WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync());
        Assert.DoesNotContain("reproduced exactly", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"replay-differences\"", html, StringComparison.Ordinal);
        // bureau score 12 earns nothing of its 30 points: 85 stored, 55 now
        Assert.Contains("<tr data-field=\"score\"><th scope=\"row\">score</th><td><code>85</code></td><td><code>55</code></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-field=\"scorecard\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-field=\"riskClass\"><th scope=\"row\">riskClass</th><td><code>low</code></td><td><code>medium</code></td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<tr data-field=\"outcome\">", html, StringComparison.Ordinal); // still referred
    }
}

internal static class UriText
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
