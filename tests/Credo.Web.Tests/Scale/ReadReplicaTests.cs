using System.Net;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Credo.Web.Tests.Scale;

/// <summary>Skipped, with the reason, where no streaming replica can be made (SQLite, or no PostgreSQL server binaries).</summary>
public sealed class ReplicaFactAttribute : FactAttribute
{
    public ReplicaFactAttribute() => Skip = StreamingReplica.Unavailable();
}

/// <summary>
/// Issue 17 §5: a real streaming replica of the test PostgreSQL (pg_basebackup -R, a second postgres on a free loopback
/// port). Statements are read from it (it is in recovery, and a write it has not replayed is not on the statement yet);
/// when it falls further behind than the bound, or is stopped, reads go to the primary, the log says so once and
/// /health/reads says why; when it is back and caught up, reads return to it. The lag is moved with the test clock.
/// </summary>
public sealed class ReadReplicaTests
{
    [ReplicaFact]
    public async Task Statements_are_read_from_the_replica_and_from_the_primary_while_it_lags_or_is_down()
    {
        await using var app = new CredoApp();
        await using var replica = await StreamingReplica.Start();
        var clock = new ManualClock();
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await using var host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:CredoRead", replica.ConnectionString(database));
            b.UseSetting("Database:ReadMaxLagSeconds", "30");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        var client = await Admin(host);
        var reads = host.Services.GetRequiredService<ReplicaReads>();
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var first = await Invoice(client, customer);

        // Caught up: reads are served by the replica, which is a server in recovery.
        await replica.CaughtUp();
        Assert.True((await reads.ProbeAsync(CancellationToken.None)).OnReplica, reads.State.Words);
        Assert.True(await ReadsAreInRecovery(host));
        Assert.Contains(first, await Statement(client, customer));

        // Replay paused: within the bound reads stay on the replica, so a new invoice is not on the statement yet.
        await replica.Replay(on: false);
        var second = await Invoice(client, customer);
        Assert.True((await reads.ProbeAsync(CancellationToken.None)).OnReplica, reads.State.Words);
        Assert.DoesNotContain(second, await Statement(client, customer));
        Assert.StartsWith("Reads are served by the read replica", await ReadsHealth(client));

        // Two minutes later it is still behind: beyond the 30 s bound, reads go to the primary and see the invoice.
        clock.Advance(TimeSpan.FromMinutes(2));
        var lagging = await reads.ProbeAsync(CancellationToken.None);
        Assert.False(lagging.OnReplica);
        Assert.Equal("Reads are served by the primary: the read replica is 120 seconds behind, more than the 30 seconds allowed.", lagging.Words);
        Assert.False(await ReadsAreInRecovery(host));
        Assert.Contains(second, await Statement(client, customer));
        Assert.Equal(lagging.Words, await ReadsHealth(client));
        Assert.Equal("Degraded", await (await client.GetAsync("/health")).Content.ReadAsStringAsync());
        Assert.Contains(app.Log.Messages, m => m.Contains("Read replica not used: Reads are served by the primary: the read replica is 120 seconds behind", StringComparison.Ordinal));

        // Replay resumed and caught up: back on the replica, which now has the invoice.
        await replica.Replay(on: true);
        await replica.CaughtUp();
        Assert.True((await reads.ProbeAsync(CancellationToken.None)).OnReplica, reads.State.Words);
        Assert.True(await ReadsAreInRecovery(host));
        Assert.Contains(second, await Statement(client, customer));

        // Stopped: reads go to the primary, statements still answer; started again, reads return to it.
        await replica.Stop();
        var down = await reads.ProbeAsync(CancellationToken.None);
        Assert.False(down.OnReplica);
        Assert.StartsWith("Reads are served by the primary: the read replica cannot be reached", down.Words);
        var third = await Invoice(client, customer);
        Assert.Contains(third, await Statement(client, customer));
        Assert.Equal(down.Words, await ReadsHealth(client));
        await replica.Resume();
        await replica.CaughtUp();
        Assert.True((await reads.ProbeAsync(CancellationToken.None)).OnReplica, reads.State.Words);
        Assert.Contains(third, await Statement(client, customer));
        Assert.Equal("Healthy", await (await client.GetAsync("/health")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_read_connection_every_read_is_served_by_the_primary_and_health_says_so()
    {
        await using var app = new CredoApp();
        var client = app.Anonymous();
        var health = await client.GetAsync("/health/reads");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("No read replica is set up: every read is served by the primary.", await health.Content.ReadAsStringAsync());
        Assert.False(await app.InScope(sp => Task.FromResult(sp.GetRequiredService<ReadDb>().OnReplica)));
    }

    [Theory]
    [InlineData(0, 100, 100, 0)] // the first look: nothing to measure against
    [InlineData(10, 200, 100, 10)] // behind the write seen 10 s ago, which it has not replayed
    [InlineData(10, 200, 200, 0)] // replayed the latest write: no lag, however long ago the last probe was
    public void The_lag_is_the_time_since_the_newest_primary_position_the_replica_has_replayed(int secondsLater, ulong written, ulong replayed, int lagSeconds)
    {
        var lag = new ReplicaLag();
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        lag.Observe(start, 100, 50);
        Assert.Equal(TimeSpan.FromSeconds(lagSeconds), lag.Observe(start.AddSeconds(secondsLater), written, replayed));
    }

    [Fact]
    public void An_idle_primary_does_not_make_a_caught_up_replica_look_stale()
    {
        var lag = new ReplicaLag();
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 60; minute++)
        {
            Assert.Equal(TimeSpan.Zero, lag.Observe(start.AddMinutes(minute), 500, 500));
        }

        // A write it has not replayed: it has at least what the primary had at the last probe, a minute ago.
        Assert.Equal(TimeSpan.FromMinutes(1), lag.Observe(start.AddMinutes(60), 900, 500));
    }

    private static async Task<HttpClient> Admin(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest(Http.Unique("replica-admin"), "Admin"), CancellationToken.None);
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Value!.Key);
        return client;
    }

    private static async Task<string> Invoice(HttpClient client, string customer)
    {
        var number = Http.Unique("INV");
        var posted = await client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = 100m, currency = "USD" }, Http.Unique("key"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        return number;
    }

    private static async Task<string> Statement(HttpClient client, string customer)
    {
        var response = await client.GetAsync($"/api/customers/{customer}/statement");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    private static async Task<string> ReadsHealth(HttpClient client)
    {
        var response = await client.GetAsync("/health/reads");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Whether a request's read context is on a server in recovery (the replica), asked through that context.</summary>
    private static async Task<bool> ReadsAreInRecovery(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        var read = scope.ServiceProvider.GetRequiredService<ReadDb>();
        var recovering = await read.Db.Database.SqlQueryRaw<bool>("SELECT pg_is_in_recovery() AS \"Value\"").SingleAsync();
        Assert.Equal(recovering, read.OnReplica);
        return recovering;
    }
}
