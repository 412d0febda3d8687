using System.Collections.Concurrent;
using System.Net.Http.Json;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Outbox;
using Credo.Web.Features.Webhooks;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Imports;
using Credo.Web.Tests.Support;
using Credo.Web.Tests.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Credo.Web.Tests.Scale;

/// <summary>
/// Issue 17 §4: three Credo instances on one PostgreSQL database, under concurrent credit checks, payments and limit
/// changes spread across them, one of them stopped mid-load. Afterwards no credit line is over its limit, the exposure
/// reconciles, every answered approval is stored whole, each outbox event reached each webhook subscription once, and
/// each scheduled job ran once per period (the test clock is moved; nothing sleeps: waits are on conditions, bounded).
/// </summary>
public sealed class SeveralInstancesTests(ITestOutputHelper output)
{
    private const int Members = 4;
    private const int Workers = 6;
    private const int OpsPerWorker = 30;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [PostgresFact]
    public async Task Three_instances_under_mixed_load_with_one_stopped_keep_limits_reconcile_deliver_once_and_run_jobs_once()
    {
        await using var app = new CredoApp();
        var clock = new ManualClock();
        var first = Instance(app, clock);
        _ = first.Services; // the first instance migrates the database; the other two start on it
        var instances = new List<WebApplicationFactory<Program>> { first, Instance(app, clock), Instance(app, clock) };
        await Task.WhenAll(instances.Skip(1).Select(i => Task.Run(() => i.Services)));
        var leases = instances.Select(i => i.Services.GetRequiredService<JobLease>()).ToList();
        Assert.Equal(3, leases.Select(l => l.Instance).Distinct().Count());

        var key = await AdminKey(first);
        var clients = instances.Select(i => Client(i, key)).ToList();
        var book = await MakeBook(clients[0]);
        await using var receiver = await WebhookReceiver.Start();
        var credit = await clients[0].Subscribe(receiver, "credit", ["credit.*"]);
        var everything = await clients[0].Subscribe(receiver, "all", ["*"]);
        var creditFrom = (await first.Subscription(credit.Id)).DeliveredThroughEventId;
        var everythingFrom = (await first.Subscription(everything.Id)).DeliveredThroughEventId;

        // At start every instance looked at today's dunning and the current sweep slot: one ran each.
        var today = JobLease.Day(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var slot = JobLease.Slot(clock.GetUtcNow(), TimeSpan.FromMinutes(5));
        await OncePerPeriod(first, leases, DailyDunning.Job, today);
        await OncePerPeriod(first, leases, ReservationExpiry.Job, slot);

        var answered = await Load(instances, clients, book);

        // Two instances left: the clock moves on, and each job's next period is again run once.
        var live = leases.Take(2).ToList();
        clock.Advance(TimeSpan.FromMinutes(5));
        await OncePerPeriod(first, live, ReservationExpiry.Job, JobLease.Slot(clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        clock.Advance(TimeSpan.FromDays(1));
        await OncePerPeriod(first, live, DailyDunning.Job, JobLease.Day(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        await OncePerPeriod(first, live, ReservationExpiry.Job, JobLease.Slot(clock.GetUtcNow(), TimeSpan.FromMinutes(5)));

        await AnsweredApprovalsAreStoredWhole(first, answered.Approved, book.Members);
        await AnsweredImportsAreStored(first, answered.Imported, book.Imported);
        await LinesKeepTheirLimitsAndReconcile(first, book, answered.Overridden);
        await EachEventReachesEachSubscriptionOnce(first, instances.Take(2).ToList(), receiver, (credit.Id, creditFrom, "credit", "credit."), (everything.Id, everythingFrom, "all", string.Empty));
    }

    /// <summary>An instance on the fixture's database, on the shared test clock, with the daily dunning run on.</summary>
    private static WebApplicationFactory<Program> Instance(CredoApp app, ManualClock clock) =>
        app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Events:VisibilityLagSeconds", "0"); // delivered only once the load has stopped
            b.UseSetting("Collections:DailyRun", "true");
            b.UseSetting("Collections:DailyRunHourUtc", "0");
            b.UseSetting("Credit:SweepMinutes", "5");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        });

    private static async Task<string> AdminKey(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest(Http.Unique("scale-admin"), "Admin"), CancellationToken.None);
        return created.Value!.Key;
    }

    private static HttpClient Client(WebApplicationFactory<Program> host, string key)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>
    /// A group of four customers, each with a limit and two open invoices (so that payments have something to pay); a
    /// customer whose invoices arrive by import (a limit far above them: an imported invoice is a fact, not a decision);
    /// and a customer with a small limit, whose order will be released with an override.
    /// </summary>
    private static async Task<Book> MakeBook(HttpClient admin)
    {
        var group = Http.Unique("G");
        await admin.CreateGroup(group);
        await admin.SetLimit("group", group, 9_000m);
        var members = Enumerable.Range(0, Members).Select(_ => Http.Unique("C")).ToArray();
        foreach (var member in members)
        {
            await admin.CreateCustomer(member, groupCode: group);
            await admin.SetLimit("customer", member, 3_000m);
            for (var i = 0; i < 2; i++)
            {
                var invoice = await admin.PostJson("/api/invoices", new { customerNumber = member, number = Http.Unique("INV"), amount = 400m, currency = "USD" }, Http.Unique("key"));
                Assert.True(invoice.IsSuccessStatusCode, await invoice.Content.ReadAsStringAsync());
            }
        }

        var (imported, overridden) = (Http.Unique("C"), Http.Unique("C"));
        await admin.CreateCustomer(imported);
        await admin.SetLimit("customer", imported, 1_000_000m);
        await admin.CreateCustomer(overridden);
        await admin.SetLimit("customer", overridden, 100m);
        return new Book(group, members, imported, overridden);
    }

    /// <summary>
    /// Six workers, two per instance: checks, payments, limit raises (each member's limit is raised by one worker
    /// only, so that its raises arrive in order) and invoice imports (issue 17 §4); the first worker also has an
    /// order held and released with an override. Half-way the third instance is stopped under its workers' requests.
    /// Returns every approval an instance answered, every answered import's invoices and the overridden order.
    /// </summary>
    private async Task<Answered> Load(List<WebApplicationFactory<Program>> instances, List<HttpClient> clients, Book book)
    {
        var answered = new Answered();
        var done = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = 0;
        async Task Work(int worker)
        {
            var random = new Random(17 + worker);
            var client = clients[worker % 3];
            var raised = 3_000m; // worker w alone raises member w's limit, so its raises arrive in order
            for (var i = 0; i < OpsPerWorker; i++)
            {
                try
                {
                    if (worker == 0 && i == OpsPerWorker / 4)
                    {
                        answered.Overridden = await Override(client, clients[1], book.Overridden);
                    }
                    else if (await Operate(client, random, worker, book, answered, raised) is { } newLimit)
                    {
                        raised = newLimit;
                    }
                }
                catch (Exception e) when (worker % 3 == 2 && halfway.Task.IsCompleted)
                {
                    // The third instance was stopped under this request: unanswered, so nothing was promised.
                    Interlocked.Increment(ref lost);
                    output.WriteLine($"worker {worker}: {e.GetType().Name} after the stop");
                    return;
                }

                if (Interlocked.Increment(ref done) == Workers * OpsPerWorker / 2)
                {
                    halfway.TrySetResult();
                }
            }
        }

        var stopping = Task.Run(async () =>
        {
            await halfway.Task;
            await instances[2].DisposeAsync();
        });
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => Work(w)))).WaitAsync(Deadline);
        await stopping.WaitAsync(Deadline);
        output.WriteLine($"{done} operations answered, {answered.Approved.Count} approvals, {answered.Imported.Count} imported invoices, {lost} requests cut by the stop");
        return answered;
    }

    /// <summary>One operation of the mix; returns the member's new limit when it raised it.</summary>
    private static async Task<decimal?> Operate(HttpClient client, Random random, int worker, Book book, Answered answered, decimal raised)
    {
        var member = book.Members[random.Next(book.Members.Length)];
        var roll = random.Next(100);
        if (roll < 60)
        {
            var order = Http.Unique("SO");
            var answer = await client.Check(member, order, random.Next(50, 400));
            if (answer.IsSuccessStatusCode && (await answer.Json()).GetProperty("outcome").GetString() == "approved")
            {
                answered.Approved.Add(order);
            }
        }
        else if (roll < 78)
        {
            await client.PostJson("/api/payments", new { customerNumber = member, reference = Http.Unique("PAY"), amount = 20m, currency = "USD", method = "bank-transfer" }, Http.Unique("key"));
        }
        else if (roll < 90 && worker < book.Members.Length)
        {
            await client.PutAsJsonAsync($"/api/credit-lines/customer/{book.Members[worker]}", new { limit = raised + 25m, currency = "USD", reason = "raised under load" }, CredoApp.Json);
            return raised + 25m;
        }
        else
        {
            await Import(client, book.Imported, answered);
        }

        return null;
    }

    /// <summary>Two invoices imported (a file through the import endpoint) for the importing customer; kept when answered.</summary>
    private static async Task Import(HttpClient client, string customer, Answered answered)
    {
        var (a, b) = (Http.Unique("IMP"), Http.Unique("IMP"));
        var csv = $"Kundennr;Belegnr;Belegdatum;Fällig am;Betrag brutto;Währung;ZB;Bestellnr\n{customer};{a};01.03.2026;31.03.2026;10,00;USD;;\n{customer};{b};01.03.2026;31.03.2026;15,00;USD;;\n";
        var response = await client.Upload("invoices", csv, ImportSupport.Fixture("erp-invoices.json"));
        if (response.IsSuccessStatusCode)
        {
            answered.Imported.Add(a);
            answered.Imported.Add(b);
        }
    }

    /// <summary>An order beyond the customer's limit is held on one instance and released with an override on another.</summary>
    private static async Task<string> Override(HttpClient checker, HttpClient manager, string customer)
    {
        var order = Http.Unique("SO");
        Assert.Equal("held", (await checker.CheckOk(customer, order, 150m)).GetProperty("outcome").GetString());
        var released = await (await manager.PostJson($"/api/credit-checks/{order}/release", new { reason = "the CFO approved it", @override = true })).Json();
        Assert.Equal("active", released.GetProperty("state").GetString());
        return order;
    }

    /// <summary>What the instances answered during the load.</summary>
    private sealed class Answered
    {
        public ConcurrentBag<string> Approved { get; } = [];

        public ConcurrentBag<string> Imported { get; } = [];

        public string? Overridden { get; set; }
    }

    /// <summary>The load's customers: a group of members under limits, one customer that imports, one that gets an override.</summary>
    private sealed record Book(string Group, string[] Members, string Imported, string Overridden);

    /// <summary>Every live instance has decided on <paramref name="period"/> of <paramref name="job"/>; exactly one ran it, and its run is finished.</summary>
    private async Task OncePerPeriod(WebApplicationFactory<Program> host, List<JobLease> leases, string job, string period)
    {
        await Until(() => leases.All(l => l.Decisions.Any(d => d.Job == job && d.Period == period)), $"every instance deciding {job} {period}");
        var decisions = leases.SelectMany(l => l.Decisions.Where(d => d.Job == job && d.Period == period)).ToList();
        output.WriteLine($"{job} {period}: {string.Join(", ", decisions.Select(d => d.Outcome))}");
        Assert.Single(decisions, d => d.Outcome == JobRunOutcome.Ran);
        Assert.Equal(leases.Count, decisions.Count);
        var runs = await Read(host, sp => sp.GetRequiredService<CreditDb>().JobRuns.AsNoTracking().Where(r => r.Job == job && r.Period == period).ToListAsync());
        var run = Assert.Single(runs);
        Assert.NotNull(run.FinishedAtUtc);
        Assert.Equal(1, run.Attempts);
    }

    private static async Task AnsweredApprovalsAreStoredWhole(WebApplicationFactory<Program> host, ConcurrentBag<string> approved, string[] members)
    {
        var (reservations, events) = await Read(host, async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var ids = await db.Customers.Where(c => members.Contains(c.Number)).Select(c => c.Id).ToListAsync();
            var rows = await db.CreditReservations.AsNoTracking().Where(r => ids.Contains(r.CustomerId)).ToListAsync();
            var messages = await db.Outbox.AsNoTracking().Where(m => m.Topic.StartsWith("credit.order-")).ToListAsync();
            await Credo.Web.Features.Outbox.OutboxPayloads.Fill(db, messages, CancellationToken.None); // creditpath: decisions are stored once, on their reservation
            var payloads = messages.Select(m => m.PayloadJson).ToList();
            return (rows, payloads);
        });
        var stored = reservations.ToDictionary(r => r.OrderReference);
        Assert.NotEmpty(approved);
        foreach (var order in approved)
        {
            Assert.True(stored.TryGetValue(order, out var reservation), $"answered approval {order} is not stored");
            Assert.Equal(ReservationState.Active, reservation.State);
        }

        // Nothing half-written: every stored reservation (answered or cut off by the stop) has its event.
        var mentioned = events.SelectMany(p => stored.Keys.Where(k => p.Contains(k, StringComparison.Ordinal))).ToHashSet();
        Assert.All(stored.Keys, k => Assert.Contains(k, mentioned));
    }

    /// <summary>
    /// Reconcile finds no difference; no line is over its limit except the overridden customer's, whose order was
    /// released with the override recorded (issue 17 §4: "no level ever over its limit without a recorded override").
    /// </summary>
    private static async Task LinesKeepTheirLimitsAndReconcile(WebApplicationFactory<Program> host, Book book, string? overridden)
    {
        var report = await Read(host, sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
        string[] customers = [.. book.Members, book.Imported, book.Overridden];
        var (lines, numbers, note) = await Read(host, async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var numbers = await db.Customers.Where(c => customers.Contains(c.Number)).ToDictionaryAsync(c => c.Id, c => c.Number);
            var groupId = await db.Groups.Where(g => g.Code == book.Group).Select(g => g.Id).SingleAsync();
            var lines = await db.CreditLines.AsNoTracking()
                .Where(l => (l.Level == LimitLevel.Customer && numbers.Keys.Contains(l.SubjectId)) || (l.Level == LimitLevel.Group && l.SubjectId == groupId)).ToListAsync();
            var note = await db.Outbox.AsNoTracking().Where(m => m.Topic.StartsWith("credit.") && m.PayloadJson.Contains(overridden!)).Select(m => m.PayloadJson).ToListAsync();
            return (lines, numbers, note);
        });
        Assert.Equal(customers.Length + 1, lines.Count);
        var over = lines.Where(l => l.ReservedMinor + l.ReceivableMinor > l.LimitMinor).ToList();
        var line = Assert.Single(over);
        Assert.Equal(book.Overridden, numbers[line.SubjectId]);
        Assert.Equal(150_00, line.ReservedMinor);
        Assert.Contains(note, p => p.Contains("released with override: the CFO approved it", StringComparison.Ordinal));
    }

    /// <summary>Every invoice of an answered import is in the ledger, once.</summary>
    private static async Task AnsweredImportsAreStored(WebApplicationFactory<Program> host, ConcurrentBag<string> imported, string customer)
    {
        Assert.NotEmpty(imported);
        var documents = await Read(host, sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.Entries.AsNoTracking().Where(e => db.Customers.Any(c => c.Id == e.CustomerId && c.Number == customer)).Select(e => e.Document).ToListAsync();
        });
        Assert.All(imported, d => Assert.Single(documents, d));
    }

    /// <summary>The two live instances deliver together until both subscriptions are through the last event; each got each of its events once.</summary>
    private static async Task EachEventReachesEachSubscriptionOnce(WebApplicationFactory<Program> host, List<WebApplicationFactory<Program>> live, WebhookReceiver receiver, params (long Id, long From, string Path, string Prefix)[] subscriptions)
    {
        var events = await Read(host, sp => sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Topic }).ToListAsync());
        var last = events[^1].Id;
        async Task<bool> Through()
        {
            foreach (var (id, _, _, _) in subscriptions)
            {
                if ((await live[0].Subscription(id)).DeliveredThroughEventId < last)
                {
                    return false;
                }
            }

            return true;
        }

        var workers = live.Select(h => h.Services.GetRequiredService<WebhookDispatcher>()).ToList();
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (!await Through())
            {
                await w.RunPassAsync(CancellationToken.None);
            }
        }))).WaitAsync(Deadline);

        foreach (var (_, from, path, prefix) in subscriptions)
        {
            var expected = events.Where(e => e.Id > from && e.Topic.StartsWith(prefix, StringComparison.Ordinal) && EventCatalogue.IsPublic(e.Topic))
                .Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var got = receiver.At(path).Select(d => d.Id).ToList();
            Assert.Equal(got.Count, got.Distinct().Count()); // none twice
            Assert.Equal(expected, got); // each once, in outbox order
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a scope of one of the instances. Never the fixture's own host: it would start a
    /// fourth instance on the machine's clock, whose sweep would claim the real clock's slot.
    /// </summary>
    private static async Task<T> Read<T>(WebApplicationFactory<Program> host, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Waits (without sleeping a fixed time) until <paramref name="condition"/> holds, at most <see cref="Deadline"/>.</summary>
    private static async Task Until(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Waited {Deadline} for {what}");
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
