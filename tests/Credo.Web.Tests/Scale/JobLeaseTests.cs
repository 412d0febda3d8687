using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credo.Web.Tests.Scale;

/// <summary>
/// The job lease (issue 17 §4) on the configured database: of several instances asking at once, one runs a period; a
/// failed run gives its period back; an abandoned claim is taken over once its lease has run out, and not before.
/// Each "instance" is a <see cref="JobLease"/> of its own name on the one database.
/// </summary>
public sealed class JobLeaseTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private JobLease Instance() => new(app.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<JobLease>.Instance);

    [Fact]
    public async Task Of_five_instances_asking_at_once_one_runs_the_period_and_the_others_skip_it()
    {
        var job = Http.Unique("job");
        var runs = 0;
        var instances = Enumerable.Range(0, 5).Select(_ => Instance()).ToList();
        var outcomes = await Task.WhenAll(instances.Select(i => Task.Run(() => i.RunOnce(job, "2026-12-07", Lease, (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }, CancellationToken.None))));

        Assert.Equal(1, runs);
        Assert.Single(outcomes, o => o == JobRunOutcome.Ran);
        var row = await Run(job, "2026-12-07");
        Assert.NotNull(row.FinishedAtUtc);
        Assert.Equal(instances[Array.IndexOf(outcomes, JobRunOutcome.Ran)].Instance, row.Instance);

        // The next period is a new claim; the finished one is never run again.
        Assert.Equal(JobRunOutcome.Ran, await instances[0].RunOnce(job, "2026-12-08", Lease, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(JobRunOutcome.Skipped, await instances[1].RunOnce(job, "2026-12-07", Lease, (_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_run_gives_its_period_back_and_the_next_instance_runs_it()
    {
        var job = Http.Unique("job");
        await Assert.ThrowsAsync<InvalidOperationException>(() => Instance().RunOnce(job, "p1", Lease, (_, _) => throw new InvalidOperationException("the mail server is down"), CancellationToken.None));
        var failed = await Run(job, "p1");
        Assert.Null(failed.FinishedAtUtc);
        Assert.Contains("the mail server is down", failed.LastError, StringComparison.Ordinal);

        Assert.Equal(JobRunOutcome.Ran, await Instance().RunOnce(job, "p1", Lease, (_, _) => Task.CompletedTask, CancellationToken.None));
        var done = await Run(job, "p1");
        Assert.NotNull(done.FinishedAtUtc);
        Assert.Equal(2, done.Attempts);
        Assert.Null(done.LastError);
    }

    [Fact]
    public async Task A_claim_left_by_a_stopped_instance_is_taken_over_only_after_its_lease()
    {
        var job = Http.Unique("job");
        var now = app.Now.UtcDateTime;
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            db.JobRuns.Add(new JobRun { Job = job, Period = "live", Instance = "gone-1", StartedAtUtc = now, LeaseUntilUtc = now.AddMinutes(10), Attempts = 1 });
            db.JobRuns.Add(new JobRun { Job = job, Period = "lapsed", Instance = "gone-2", StartedAtUtc = now.AddMinutes(-20), LeaseUntilUtc = now.AddMinutes(-10), Attempts = 1 });
            return await db.SaveChangesAsync();
        });

        var taker = Instance();
        Assert.Equal(JobRunOutcome.Skipped, await taker.RunOnce(job, "live", Lease, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(JobRunOutcome.Ran, await taker.RunOnce(job, "lapsed", Lease, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(("gone-1", false), await State(job, "live"));
        Assert.Equal((taker.Instance, true), await State(job, "lapsed"));
        Assert.Equal([new JobDecision(job, "live", JobRunOutcome.Skipped), new JobDecision(job, "lapsed", JobRunOutcome.Ran)], taker.Decisions);
    }

    [Fact]
    public void Slots_start_on_the_minute_counted_from_midnight_and_days_read_as_dates()
    {
        var at = new DateTimeOffset(2026, 12, 7, 15, 44, 59, TimeSpan.Zero);
        Assert.Equal("2026-12-07T15:40Z", JobLease.Slot(at, TimeSpan.FromMinutes(5)));
        Assert.Equal("2026-12-07T15:44Z", JobLease.Slot(at, TimeSpan.FromMinutes(1)));
        Assert.Equal("2026-12-07T15:00Z", JobLease.Slot(at, TimeSpan.FromMinutes(60)));
        Assert.Equal("2026-12-07T15:44Z", JobLease.Slot(at, TimeSpan.Zero)); // never below a minute
        Assert.Equal("2026-12-07", JobLease.Day(new DateOnly(2026, 12, 7)));
    }

    private async Task<(string Instance, bool Finished)> State(string job, string period)
    {
        var row = await Run(job, period);
        return (row.Instance, row.FinishedAtUtc is not null);
    }

    private Task<JobRun> Run(string job, string period) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().JobRuns.AsNoTracking().SingleAsync(r => r.Job == job && r.Period == period));
}
