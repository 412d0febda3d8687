using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Concurrent checks never overspend and never refuse falsely, on the configured database (SQLite by default,
/// PostgreSQL with CREDO_TEST_POSTGRES). Trial counts default to the CI figures; lower them locally with
/// CREDO_CONCURRENCY_TRIALS and CREDO_WORKLOAD_OPS.
/// </summary>
public sealed class CreditConcurrencyTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const int Concurrent = 10;
    private const long LimitMajor = 1_000;

    private static int Trials => int.TryParse(Environment.GetEnvironmentVariable("CREDO_CONCURRENCY_TRIALS"), out var n) && n > 0 ? n : 100;

    private static int WorkloadOps => int.TryParse(Environment.GetEnvironmentVariable("CREDO_WORKLOAD_OPS"), out var n) && n > 0 ? n : 300;

    /// <summary>One way to answer a check: true when approved.</summary>
    internal delegate Task<bool> Checker(IServiceProvider services, string customer, string orderReference, long amountMajor);

    internal sealed record Trial(long AmountMajor, int Expected, int Approved, long ReservedMajor);

    /// <summary>The front door (on SQLite: the group-commit queue; on PostgreSQL: a transaction per check).</summary>
    private static async Task<bool> RealCheck(IServiceProvider services, string customer, string orderReference, long amountMajor)
    {
        var request = new CreditCheckRequest(customer, orderReference, amountMajor, "USD", null);
        var result = await services.GetRequiredService<CheckQueue>().Submit(request, services.GetRequiredService<CreditDb>(), services.GetRequiredService<CheckCredit>(), CancellationToken.None);
        return result.Value!.Outcome == "approved";
    }

    /// <summary>The use case called directly: one transaction per check on both databases.</summary>
    private static async Task<bool> DirectCheck(IServiceProvider services, string customer, string orderReference, long amountMajor)
    {
        var result = await services.GetRequiredService<CheckCredit>().Handle(new CreditCheckRequest(customer, orderReference, amountMajor, "USD", null), CancellationToken.None);
        return result.Value!.Outcome == "approved";
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ten_concurrent_same_amount_checks_approve_exactly_floor_of_limit_over_amount(bool throughQueue)
    {
        var trials = await Harness(throughQueue ? RealCheck : DirectCheck, Trials, seed: 7);
        foreach (var t in trials)
        {
            Assert.True(t.Approved == t.Expected, $"amount {t.AmountMajor}: approved {t.Approved}, expected {t.Expected}");
            Assert.Equal(t.Approved * t.AmountMajor, t.ReservedMajor);
        }
    }

    [Fact]
    public async Task The_naive_read_then_insert_check_is_caught_overspending_by_the_same_harness()
    {
        var trials = await Harness(NaiveCheck.Check, Math.Min(Trials, 20), seed: 11);

        // The double's rows have no line shares (it is the thing being caught); retire them so that other tests
        // sharing this database reconcile only real reservations.
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.Where(r => r.CreatedBy == "naive")
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReservationState.Voided)));
        Assert.Contains(trials, t => t.Approved > t.Expected);
    }

    [Fact]
    public async Task Twenty_concurrent_retries_of_one_order_create_one_reservation()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, LimitMajor);
        var order = Http.Unique("SO");
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.ClientAs("CreditManager")));
        var answers = await Task.WhenAll(clients.Select(c => c.CheckOk(customer, order, 100m)));
        Assert.Single(answers.Select(a => a.GetProperty("reservationId").GetInt64()).Distinct());
        var count = await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.CountAsync(r => r.OrderReference == order));
        Assert.Equal(1, count);
        Assert.Equal(100m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(50)]
    public async Task Random_mixed_workload_never_exceeds_a_limit_and_reconciles_to_zero_difference(int clients)
    {
        var admin = await app.ClientAs("Admin");
        var group = Http.Unique("G");
        await admin.CreateGroup(group);
        var members = Enumerable.Range(0, 4).Select(_ => Http.Unique("C")).ToArray();
        foreach (var m in members)
        {
            await admin.CreateCustomer(m, groupCode: group);
        }

        await admin.SetLimit("group", group, 5_000m);
        await admin.SetLimit("customer", members[0], 1_500m);
        await admin.SetLimit("customer", members[1], 0m);
        var invoices = new System.Collections.Concurrent.ConcurrentBag<(long Id, long Open)>();
        var perClient = Math.Max(2, WorkloadOps / clients);

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            var mine = new List<string>();
            for (var i = 0; i < perClient; i++)
            {
                using var scope = app.Services.CreateScope();
                var sp = scope.ServiceProvider;
                var roll = random.Next(100);
                if (roll < 50 || mine.Count == 0)
                {
                    var order = Http.Unique("SO");
                    if (await RealCheck(sp, members[random.Next(members.Length)], order, random.Next(1, 400)))
                    {
                        mine.Add(order);
                    }
                }
                else if (roll < 65)
                {
                    await sp.GetRequiredService<AmendReservation>().Handle(mine[random.Next(mine.Count)], random.Next(1, 500), CancellationToken.None);
                }
                else if (roll < 80)
                {
                    // The invoice and the reservation's posting in one transaction: exposure moves, never doubles or gaps.
                    var order = mine[random.Next(mine.Count)];
                    mine.Remove(order);
                    var db = sp.GetRequiredService<CreditDb>();
                    await using var tx = await db.Database.BeginTransactionAsync();
                    var posted = await sp.GetRequiredService<PostReservation>().Handle(order, null, CancellationToken.None);
                    if (posted.IsOk && posted.Value!.State == "posted")
                    {
                        var reservation = await db.CreditReservations.AsNoTracking().SingleAsync(r => r.OrderReference == order);
                        var entry = CreditDriver.Invoice(reservation.CustomerId, reservation.AmountMinor, app.Today.AddDays(30));
                        db.Entries.Add(entry);
                        await db.SaveChangesAsync();
                        await tx.CommitAsync();
                        invoices.Add((entry.Id, entry.OpenMinor));
                    }
                }
                else if (roll < 90)
                {
                    var order = mine[random.Next(mine.Count)];
                    mine.Remove(order);
                    await sp.GetRequiredService<VoidReservation>().Handle(order, "workload", CancellationToken.None);
                }
                else if (invoices.TryTake(out var invoice))
                {
                    await app.Settle(invoice.Id, invoice.Open);
                }
            }
        })));

        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
        var lines = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var ids = await db.Customers.Where(x => members.Contains(x.Number)).Select(x => x.Id).ToListAsync();
            var groupId = await db.Groups.Where(g => g.Code == group).Select(g => g.Id).SingleAsync();
            return await db.CreditLines.AsNoTracking()
                .Where(l => (l.Level == LimitLevel.Customer && ids.Contains(l.SubjectId)) || (l.Level == LimitLevel.Group && l.SubjectId == groupId)).ToListAsync();
        });
        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.True(line.ReservedMinor + line.ReceivableMinor <= line.LimitMinor, $"{line.Level} {line.SubjectId}: used {line.ReservedMinor + line.ReceivableMinor} > limit {line.LimitMinor}");
        }
    }

    /// <summary>Each trial: a fresh customer with a 1,000 limit and 10 concurrent checks of one amount, started together.</summary>
    private async Task<List<Trial>> Harness(Checker checker, int trials, int seed)
    {
        var client = await app.ClientAs("CreditManager");
        var random = new Random(seed);
        var results = new List<Trial>();
        for (var t = 0; t < trials; t++)
        {
            var customer = Http.Unique("C");
            await client.CreateCustomer(customer);
            await client.SetLimit("customer", customer, LimitMajor);
            var amount = (long)random.Next(101, 450);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = Enumerable.Range(0, Concurrent).Select(i => Task.Run(async () =>
            {
                await start.Task;
                using var scope = app.Services.CreateScope();
                return await checker(scope.ServiceProvider, customer, $"{customer}-{i}", amount);
            })).ToList();
            start.SetResult();
            var approved = (await Task.WhenAll(tasks)).Count(a => a);
            var reserved = await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations
                .Where(r => r.OrderReference.StartsWith(customer) && r.State == ReservationState.Active).SumAsync(r => r.AmountMinor));
            results.Add(new Trial(amount, (int)Math.Min(Concurrent, LimitMajor / amount), approved, reserved / 100));
        }

        return results;
    }
}

/// <summary>
/// A test double of the naive check: read the exposure (open items plus reservations), decide, then insert, with
/// no lock between the read and the write. Kept to prove the harness catches overspending.
/// </summary>
internal static class NaiveCheck
{
    public static async Task<bool> Check(IServiceProvider services, string customer, string orderReference, long amountMajor)
    {
        var db = services.GetRequiredService<CreditDb>();
        var id = (await db.CustomerId(customer, CancellationToken.None))!.Value;
        var limit = await db.CreditLines.AsNoTracking().Where(l => l.Level == LimitLevel.Customer && l.SubjectId == id).Select(l => l.LimitMinor).SingleAsync();
        var open = await db.Entries.Where(e => e.CustomerId == id).SumAsync(e => (long?)e.OpenMinor) ?? 0;
        var reserved = await db.CreditReservations.Where(r => r.CustomerId == id && r.State == ReservationState.Active).SumAsync(r => (long?)r.AmountMinor) ?? 0;
        await Task.Yield();
        var amountMinor = amountMajor * 100;
        if (open + reserved + amountMinor > limit)
        {
            return false;
        }

        db.CreditReservations.Add(new CreditReservation
        {
            OrderReference = orderReference,
            CustomerId = id,
            AmountMinor = amountMinor,
            Currency = "USD",
            CheckedOn = db.Today(),
            ExpiresOn = db.Today().AddDays(30),
            State = ReservationState.Active,
            DecisionJson = "{}",
            CreatedBy = "naive",
        });
        await db.SaveChangesAsync();
        return true;
    }
}
