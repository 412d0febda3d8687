using Credo.Web.Data;
using Credo.Web.Features.Webhooks;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Webhooks;

/// <summary>Two app instances on one database: each event reaches each subscription exactly once, in order.</summary>
public sealed class WebhookConcurrencyTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const int Events = 120;

    [Fact]
    public async Task Two_delivery_workers_on_one_database_deliver_every_event_once_per_subscription_in_order()
    {
        await using var receiver = await WebhookReceiver.Start();
        // Small claims, so that the two workers take turns on every subscription.
        var settings = new[] { ("Webhooks:BatchSize", "4"), ("Webhooks:Parallelism", "1") };
        await using var first = app.Host(null, settings);
        await using var second = app.Host(null, settings);
        var admin = await first.As(app, "Admin");
        var paths = new[] { "a", "b", "c" };
        var ids = new List<long>();
        foreach (var path in paths)
        {
            ids.Add((await admin.Subscribe(receiver, path, [path == "c" ? "credit.order-held" : "credit.*"])).Id);
        }

        var added = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var rows = Enumerable.Range(0, Events).Select(i => new OutboxMessage
            {
                Topic = i % 3 == 0 ? "credit.order-held" : "credit.order-approved",
                PayloadJson = $"{{\"orderReference\":\"SO-{i}\"}}",
                CreatedAtUtc = db.UtcNow,
            }).ToList();
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync();
            return rows;
        });
        var last = added[^1].Id;

        var workers = new[] { first, second }.Select(host => host.Services.GetRequiredService<WebhookDispatcher>()).ToList();
        Assert.NotEqual(workers[0].Worker, workers[1].Worker);
        async Task Run(WebhookDispatcher worker)
        {
            for (var i = 0; i < 2000; i++)
            {
                await worker.RunPassAsync(CancellationToken.None);
                var done = true;
                foreach (var id in ids)
                {
                    done &= (await first.Subscription(id)).DeliveredThroughEventId >= last;
                }

                if (done)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(workers.Select(w => Task.Run(() => Run(w)))).WaitAsync(TimeSpan.FromMinutes(3));

        foreach (var path in paths)
        {
            var expected = added.Where(m => path != "c" || m.Topic == "credit.order-held").Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var got = receiver.At(path).Select(d => d.Id).ToList();
            Assert.Equal(expected, got); // each once, in outbox order
            Assert.All(receiver.At(path), d => Assert.True(d.SignatureValid));
        }

        var byWorker = new HashSet<string>();
        foreach (var id in ids)
        {
            var attempts = await first.Attempts(id);
            Assert.All(attempts, a => Assert.True(a.Succeeded && a.AttemptNumber == 1));
            byWorker.UnionWith(attempts.Select(a => a.Worker));
        }

        Assert.Equal(workers.Select(w => w.Worker).Order(), byWorker.Order()); // both took part
    }
}
