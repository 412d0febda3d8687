using System.Net;
using Credo.Web.Features.Collections;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>The dunning run through HTTP: preview with reasons, one message per customer, idempotent reruns and races, the statement link, roles.</summary>
public sealed class DunningRunTests(CredoApp app, ITestOutputHelper output) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_preview_lists_one_message_per_customer_at_the_highest_level_and_what_is_left_out_and_why()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = await client.Debtor();
        var first = await client.Due(customer, 10);
        var second = await client.Due(customer, 25);
        var disputed = await client.Due(customer, 30);
        var notYet = await client.Due(customer, -20);
        (await client.PostJson($"/api/invoices/{disputed}/disputes", new { reason = "Short delivery" })).EnsureSuccessStatusCode();

        var plan = await client.Preview();
        var message = plan.MessageFor(customer)!.Value;
        Assert.Equal("second-notice", message.Str("level"));
        Assert.Equal("email", message.Str("channel"));
        Assert.Equal(Recipient(customer), message.Str("recipient"));
        Assert.Equal("Pat Payables", message.Str("recipientName"));
        Assert.Equal([second, first], message.GetProperty("items").EnumerateArray().Select(i => i.Str("document")));
        Assert.Equal(800m, message.GetProperty("totals")[0].Dec("value"));
        Assert.Equal(4m, message.GetProperty("fees")[0].Dec("value")); // 1 % of the second notice's 400.00
        var left = Assert.Single(message.GetProperty("leftOutItems").EnumerateArray());
        Assert.Equal((disputed, "disputed"), (left.Str("document"), left.Str("reason")));
        Assert.DoesNotContain(notYet, plan.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.MessagesFor(customer)); // a preview sends nothing
    }

    [Fact]
    public async Task A_run_stores_and_queues_one_email_signed_by_the_seller_with_an_absolute_link_and_a_rerun_sends_nothing()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = await client.Debtor();
        var invoice = await client.Due(customer, 8);

        var run = await client.Run();
        Assert.True(run.GetProperty("sent").GetInt32() >= 1);
        var email = Assert.Single(await app.EmailsTo(Recipient(customer)));
        Assert.Contains(invoice, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("dunning-first-notice", email.Tag);
        var link = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/statement/", StringComparison.Ordinal)).Split(' ').Last();
        Assert.StartsWith("https://credo.test.example/statement/", link, StringComparison.Ordinal);

        var rerun = await client.Run();
        Assert.Null(rerun.GetProperty("plan").MessageFor(customer));
        Assert.Equal("already-reminded", rerun.GetProperty("plan").LeftOutFor(customer)!.Value.Str("reason"));
        Assert.Single(await app.EmailsTo(Recipient(customer)));
        Assert.Equal(1, await app.MessagesFor(customer));

        // The link works for anyone holding it, shows the invoice, and says who is writing.
        var page = await app.Anonymous().GetAsync(new Uri(link).PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(invoice, html, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/statement/not-a-real-token")).StatusCode);
    }

    [Fact]
    public async Task Two_runs_at_once_send_each_message_once()
    {
        var client = await app.ClientAs("CreditManager");
        var customers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var customer = await client.Debtor();
            await client.Due(customer, 12 + i);
            customers.Add(customer);
        }

        var on = AsOf.AddDays(1);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.InScope(sp => sp.GetRequiredService<RunDunning>().Handle(on, RunDunning.OnDemand, CancellationToken.None))));
        output.WriteLine($"{(app.IsPostgres ? "PostgreSQL" : "SQLite")}: sent {runs[0].Sent}+{runs[1].Sent}, already {runs[0].AlreadySent}+{runs[1].AlreadySent}");
        foreach (var customer in customers)
        {
            Assert.Equal(1, await app.MessagesFor(customer));
            Assert.Single(await app.EmailsTo(Recipient(customer)));
        }
    }

    [Fact]
    public async Task The_daily_run_runs_once_per_day_however_many_instances_ask()
    {
        var on = new DateOnly(2026, 6, 1);
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.InScope(sp => sp.GetRequiredService<RunDunning>().Handle(on, RunDunning.Daily, CancellationToken.None))));
        Assert.Single(results, r => r.Skipped is null);
        Assert.Equal(2, results.Count(r => r.Skipped is not null));
    }

    [Fact]
    public async Task The_preview_exports_as_csv_with_excluded_items_and_reasons()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = await client.Debtor();
        await client.Due(customer, 9);
        var disputed = await client.Due(customer, 15);
        (await client.PostJson($"/api/invoices/{disputed}/disputes", new { reason = "Damaged" })).EnsureSuccessStatusCode();
        var csv = await app.InScope(async sp =>
        {
            using var stream = new MemoryStream();
            await sp.GetRequiredService<DunningExport>().Write(stream, AsOf.AddDays(2), CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        });
        var row = csv.Split('\n').Single(l => l.StartsWith(customer + ",", StringComparison.Ordinal));
        Assert.Contains("First notice", row, StringComparison.Ordinal);
        Assert.Contains($"{disputed} (400.00 USD): Invoice {disputed} is disputed.", row, StringComparison.Ordinal);
        Assert.StartsWith("customer,customer_name,contact,recipient,level,channel,items,amounts", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_anonymous_is_401_viewer_reads_the_preview_but_cannot_run_collector_cannot_run()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/collections/dunning/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/api/collections/dunning/runs", null)).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/collections/dunning/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/dunning/runs", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("Collector")).PostJson("/api/collections/dunning/runs", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/policy", new { })).StatusCode);
    }

    [Fact]
    public async Task A_policy_version_is_validated_when_published_and_then_in_force()
    {
        var manager = await app.ClientAs("CreditManager");
        var current = await manager.Get("/api/collections/policy");
        Assert.True(current.GetProperty("number").GetInt32() >= 1); // the seeded default
        var definition = current.GetProperty("definition");
        var bad = System.Text.Json.Nodes.JsonNode.Parse(definition.GetRawText())!;
        bad["quietDays"] = -2;
        await (await manager.PostJson("/api/collections/policy", new { definition = bad })).AssertProblem(400, "validation", "quietDays");
        var good = System.Text.Json.Nodes.JsonNode.Parse(definition.GetRawText())!;
        good["quietDays"] = 7;
        var published = await (await manager.PostJson("/api/collections/policy", new { definition = good, note = "A week between messages" })).Read<System.Text.Json.JsonElement>();
        Assert.Equal(current.GetProperty("number").GetInt32() + 1, published.GetProperty("number").GetInt32());
        Assert.Equal(7, (await manager.Get("/api/collections/policy")).GetProperty("definition").GetProperty("quietDays").GetInt32());
    }
}
