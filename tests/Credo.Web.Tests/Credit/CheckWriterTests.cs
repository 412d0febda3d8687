using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// The front door's writer keeps customers, paths and lines in memory between batches on SQLite. These tests
/// change everything a decision rests on from outside the writer (other connections, other use cases) between
/// checks, and prove each answer reflects the change, and that the batch path (not the one-by-one fallback)
/// answered. On PostgreSQL the writer keeps nothing between batches and reads under row locks; the same tests hold.
/// </summary>
public sealed class CheckWriterTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private CheckQueue Queue => app.Services.GetRequiredService<CheckQueue>();

    private Task<string> Outcome(string customer, decimal amount, string? order = null) => app.CheckThroughWriter(customer, amount, order);

    [Fact]
    public async Task Every_change_made_outside_the_writer_is_seen_by_the_next_check()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var alone = Queue.Statistics.ChecksAlone;
        var first = Http.Unique("SO");

        Assert.Equal("approved", await Outcome(customer, 100m, first)); // the writer now holds this customer's path

        await client.SetLimit("customer", customer, 150m);
        Assert.Equal("held", await Outcome(customer, 100m));
        await client.SetLimit("customer", customer, 1_000m);
        Assert.Equal("approved", await Outcome(customer, 100m));

        // A ledger posting (another connection, through the receivables hook) uses 500 more: 700 of 1,000 used.
        await app.PostInvoice(customer, 500_00, Today.AddDays(30));
        Assert.Equal("held", await Outcome(customer, 301m));
        Assert.Equal("approved", await Outcome(customer, 300m));

        // A void (another use case) frees 100.
        (await client.PostJson($"/api/credit-checks/{first}/void", new { reason = "cancelled" })).EnsureSuccessStatusCode();
        Assert.Equal("approved", await Outcome(customer, 100m));

        // The customer put on hold by a bulk statement the change tracker never sees.
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CustomerStatus.OnHold)));
        Assert.Equal("held", await Outcome(customer, 0.01m));

        Assert.Equal(alone, Queue.Statistics.ChecksAlone);
    }

    [Fact]
    public async Task A_check_inside_the_callers_transaction_runs_in_it_and_rolls_back_with_it()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var batches = Queue.Statistics.Batches;
        var order = Http.Unique("SO");

        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var answer = await Queue.Submit(new CreditCheckRequest(customer, order, 100m, "USD", null), db, sp.GetRequiredService<CheckCredit>(), CancellationToken.None);
            Assert.Equal("approved", answer.Value!.Outcome);
            Assert.True(await db.CreditReservations.AnyAsync(r => r.OrderReference == order));
            await tx.RollbackAsync();
            return 0;
        });

        Assert.Equal(batches, Queue.Statistics.Batches); // decided in the caller's transaction, not by the writer
        Assert.False(await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.AnyAsync(r => r.OrderReference == order)));
        Assert.Equal("approved", await Outcome(customer, 1_000m)); // the rolled-back order holds nothing
    }

    [Fact]
    public async Task On_sqlite_the_writer_leaves_checkpoints_of_the_log_to_a_connection_beside_it()
    {
        if (app.IsPostgres)
        {
            return; // PostgreSQL has no such log to keep short
        }

        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000_000m);
        var before = Queue.BackgroundCheckpoints;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Outcome(customer, 1m)));

        Assert.All(outcomes, o => Assert.Equal("approved", o));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Queue.BackgroundCheckpoints == before && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Assert.True(Queue.BackgroundCheckpoints > before, "no checkpoint ran beside the writer");
        var autocheckpoint = await app.InScope(async sp =>
        {
            // A fresh connection keeps SQLite's default; only the writer's own connection hands checkpoints over.
            var db = sp.GetRequiredService<CreditDb>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return (long)(await command.ExecuteScalarAsync())!;
        });
        Assert.Equal(1000, autocheckpoint);
        Assert.Equal(200, await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = await db.Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync();
            return await db.CreditReservations.CountAsync(r => r.CustomerId == id && r.State == ReservationState.Active);
        }));
    }

    [Fact]
    public async Task On_sqlite_an_approval_is_answered_only_once_the_log_holding_it_is_on_disk()
    {
        if (app.IsPostgres)
        {
            return; // PostgreSQL syncs its own commits
        }

        var (_, customer, syncer) = await app.SyncingWriter();
        var syncs = syncer.Syncs;
        using var disk = new ManualResetEventSlim(false);
        syncer.BeforeSync = () => disk.Wait(TimeSpan.FromSeconds(60));
        try
        {
            var first = Http.Unique("SO");
            var second = Http.Unique("SO");
            var firstAnswer = Outcome(customer, 100m, first);
            await Committed(app, first);
            var secondAnswer = Outcome(customer, 200m, second); // the writer goes on while the log is being synced
            await Committed(app, second);

            Assert.False(firstAnswer.IsCompleted, "an approval was reported before its log was on disk");
            Assert.False(secondAnswer.IsCompleted, "an approval was reported before its log was on disk");
            syncer.BeforeSync = null;
            disk.Set();
            Assert.Equal("approved", await firstAnswer);
            Assert.Equal("approved", await secondAnswer);
            Assert.True(syncer.Syncs > syncs);
        }
        finally
        {
            syncer.BeforeSync = null;
            disk.Set();
        }

        // Only the writer's connection leaves syncing to the syncer; every other connection syncs its own commits.
        Assert.Equal(2, await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return (long)(await command.ExecuteScalarAsync())!;
        }));
    }

    private static async Task Committed(CredoApp app, string order)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.AnyAsync(r => r.OrderReference == order)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"order {order} was never committed");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_customer_moved_into_a_group_is_checked_against_the_group_from_the_next_check()
    {
        var client = await app.ClientAs("Admin");
        var group = Http.Unique("G");
        await client.CreateGroup(group);
        await client.SetLimit("group", group, 200m);
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        Assert.Equal("approved", await Outcome(customer, 300m));

        var groupId = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Groups.Where(g => g.Code == group).Select(g => g.Id).SingleAsync());
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.GroupId, groupId)));

        Assert.Equal("held", await Outcome(customer, 201m));
    }

    [Fact]
    public async Task One_order_sent_many_times_at_once_with_one_changed_amount_makes_one_reservation()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var amount = i == 5 ? 99m : 100m;
            var result = await app.InScope(sp => sp.GetRequiredService<CheckQueue>().Submit(
                new CreditCheckRequest(customer, order, amount, "USD", null), sp.GetRequiredService<CreditDb>(), sp.GetRequiredService<CheckCredit>(), CancellationToken.None));
            return (Amount: amount, Result: result);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        var stored = await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.AsNoTracking().Where(r => r.OrderReference == order).ToListAsync());
        var reservation = Assert.Single(stored);
        foreach (var (amount, result) in results)
        {
            if (amount * 100 == reservation.AmountMinor)
            {
                Assert.Equal(reservation.Id, result.Value!.ReservationId);
            }
            else
            {
                Assert.Equal("order-reference-reused", ((Credo.Domain.Common.Refusal)result.Error!).Code);
            }
        }

        Assert.Equal(reservation.AmountMinor / 100m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task Rows_the_writer_inserts_read_back_through_the_model()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        var answer = await client.CheckOk(customer, order, 123.45m);

        var (reservation, shares, events) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var r = await db.CreditReservations.AsNoTracking().SingleAsync(x => x.OrderReference == order);
            var s = await db.CreditReservationLines.AsNoTracking().Where(x => x.ReservationId == r.Id).ToListAsync();
            var o = await db.Outbox.AsNoTracking().Where(x => x.DecisionOf == r.Id).ToListAsync(); // the event points at its reservation's answer
            return (r, s, o);
        });
        Assert.Equal(answer.GetProperty("reservationId").GetInt64(), reservation.Id);
        Assert.Equal(ReservationState.Active, reservation.State);
        Assert.Equal(12_345, reservation.AmountMinor);
        Assert.Equal(Today, reservation.CheckedOn);
        Assert.Equal(Today.AddDays(30), reservation.ExpiresOn);
        Assert.True(Math.Abs((app.Now.UtcDateTime - reservation.CreatedAtUtc).TotalMinutes) < 5, reservation.CreatedAtUtc.ToString("O"));
        Assert.Equal(12_345, Assert.Single(shares).AmountMinor);
        Assert.Equal("credit.order-approved", Assert.Single(events).Topic);
        var again = await client.CheckOk(customer, order, 123.45m);
        Assert.Equal(answer.GetProperty("levels").ToString(), again.GetProperty("levels").ToString());
    }
}
