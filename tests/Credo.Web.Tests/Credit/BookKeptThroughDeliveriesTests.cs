using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Credo.Web.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Issue 17 §2 (creditpath): webhook deliveries commit between the check writer's batches (an attempt and the
/// subscription's progress each), but they touch nothing the writer's book holds, so on SQLite the book is no longer
/// dropped by them, while a limit change still is seen by the next check. Checks and deliveries run at the same time;
/// the approvals never pass the limit and every decision is delivered once. On PostgreSQL the writer keeps no book;
/// the same decisions hold.
/// </summary>
public sealed class BookKeptThroughDeliveriesTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Deliveries_during_checks_leave_the_book_and_the_decisions_right_and_a_limit_change_is_still_seen()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        await admin.Subscribe(receiver, "book", ["credit.order-approved", "credit.order-held"]);
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var queue = host.Services.GetRequiredService<CheckQueue>();
        Assert.Equal("approved", (await manager.CheckOk(customer, Http.Unique("SO"), 100m)).GetProperty("outcome").GetString()); // the book holds the customer now
        var clears = queue.Statistics.BookClears;

        // 30 checks of 50 (room for 18 after the first 100) while deliveries commit between the batches.
        var orders = Enumerable.Range(0, 30).Select(_ => Http.Unique("SO")).ToList();
        var checks = Task.WhenAll(orders.Select(async o => (await manager.CheckOk(customer, o, 50m)).GetProperty("outcome").GetString()));
        var delivered = 0;
        while (!checks.IsCompleted)
        {
            delivered += await host.Deliver();
        }

        var outcomes = await checks;
        delivered += await host.Deliver();
        Assert.Equal(18, outcomes.Count(o => o == "approved"));
        Assert.Equal(12, outcomes.Count(o => o == "held"));
        Assert.All(orders, o => Assert.Single(receiver.ForOrder("book", o)));
        Assert.True(delivered >= 30);
        if (!app.IsPostgres)
        {
            Assert.Equal(clears, queue.Statistics.BookClears); // no delivery dropped the book
        }

        // A change to what the book holds is still seen by the next check: 1,000 used of 1,500 now.
        await manager.SetLimit("customer", customer, 1_500m);
        Assert.Equal("held", (await manager.CheckOk(customer, Http.Unique("SO"), 500.01m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await manager.CheckOk(customer, Http.Unique("SO"), 500m)).GetProperty("outcome").GetString());
        if (!app.IsPostgres)
        {
            Assert.Equal(clears + 1, queue.Statistics.BookClears);
        }
    }
}
