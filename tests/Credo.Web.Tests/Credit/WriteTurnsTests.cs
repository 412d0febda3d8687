using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Credo.Web.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Issue 17 §2 (creditpath): on SQLite every writer of the process takes its turn at the write lock from the check
/// writer, not only those in OwnedTransaction: a bare SaveChanges (one turn, not one for it and another for its
/// statement), an ExecuteUpdate outside a transaction, and a webhook delivery pass (its claim, attempt and release).
/// Reads take none. PostgreSQL has no turns (row locks instead).
/// </summary>
public sealed class WriteTurnsTests(CredoApp app) : IClassFixture<CredoApp>
{
    private Task<long> Taken() => app.InScope(sp => Task.FromResult(SqliteWriteTurns.For(sp.GetRequiredService<CreditDb>().Database.GetConnectionString()!).Taken));

    [Fact]
    public async Task Writes_outside_owned_transactions_take_turns_and_reads_do_not()
    {
        if (app.IsPostgres)
        {
            return;
        }

        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);

        var before = await Taken();
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer).CountAsync());
        Assert.Equal(before, await Taken());

        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Notes, "moved by a bulk statement")));
        Assert.Equal(before + 1, await Taken());

        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            db.Outbox.Add(new OutboxMessage { Topic = "test.turns", PayloadJson = "{}", CreatedAtUtc = db.UtcNow });
            return await db.SaveChangesAsync(); // nothing audited: a bare save
        });
        Assert.Equal(before + 2, await Taken());
    }

    [Fact]
    public async Task A_webhook_delivery_pass_takes_turns_for_its_claim_attempt_and_release()
    {
        if (app.IsPostgres)
        {
            return;
        }

        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        await admin.Subscribe(receiver, "turns", ["credit.order-approved"]);
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        await manager.CheckOk(customer, order, 10m);

        var before = await Taken();
        Assert.True(await host.Deliver() >= 1);
        Assert.Single(receiver.ForOrder("turns", order));
        Assert.True(await Taken() >= before + 3, $"{await Taken() - before} turns");
    }
}
