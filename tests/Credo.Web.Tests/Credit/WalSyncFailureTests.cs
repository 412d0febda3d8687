using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// On SQLite the writer's commits are made durable by the syncer's fsync of the log before they are answered. A
/// failed fsync leaves the log untrustworthy (the kernel may have dropped the pages), so the batch it covered and
/// every later check get an error, never an approval. Its own app: the writer stays refusing until a restart.
/// </summary>
public sealed class WalSyncFailureTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task After_a_failed_fsync_of_the_log_no_check_is_approved_and_the_committed_one_is_kept_for_its_retry()
    {
        if (app.IsPostgres)
        {
            return; // PostgreSQL syncs its own commits
        }

        var (client, customer, syncer) = await app.SyncingWriter();
        syncer.BeforeSync = () => throw new IOException("the disk went away");
        var committed = Http.Unique("SO");
        var later = Http.Unique("SO");

        var failed = await Assert.ThrowsAsync<IOException>(() => app.CheckThroughWriter(customer, 100m, committed));
        syncer.BeforeSync = null; // the disk seems fine again: the log still cannot be trusted
        var refused = await Assert.ThrowsAsync<IOException>(() => app.CheckThroughWriter(customer, 100m, later));

        Assert.Contains("restarted", failed.Message, StringComparison.Ordinal);
        Assert.Same(failed.InnerException, refused.InnerException);
        var stored = await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.AsNoTracking()
            .Where(r => r.OrderReference == committed || r.OrderReference == later).Select(r => r.OrderReference).ToListAsync());
        Assert.Equal([committed], stored); // committed before the fsync failed; the later check wrote nothing
        Assert.Equal(101m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }
}
