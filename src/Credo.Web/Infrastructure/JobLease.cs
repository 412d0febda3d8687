using System.Collections.Concurrent;
using System.Globalization;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Infrastructure;

/// <summary>What an instance did when a scheduled job's period came: ran it, or left it to the instance that had it.</summary>
internal enum JobRunOutcome
{
    Ran,
    Skipped,
}

/// <summary>One decision of this instance about one job's period (kept in memory, the latest few, for operators and tests).</summary>
internal sealed record JobDecision(string Job, string Period, JobRunOutcome Outcome);

/// <summary>
/// Scheduled jobs run once per period, not once per instance (issue 17 §4, docs/scaling.md). Every scheduled job calls
/// <see cref="RunOnce"/> with its name and the period that has come; the first instance to claim the (job, period) row
/// of <c>job_runs</c> runs it, every other instance skips it. The claim is one statement (an insert, or the take-over of
/// an unfinished claim whose lease has run out), the same on PostgreSQL and SQLite: <c>INSERT … ON CONFLICT DO UPDATE …
/// WHERE</c>. On PostgreSQL a second instance's insert waits for the first's row and then finds it taken. A run that
/// fails gives its claim back (the next tick of any instance tries again); an instance that stops mid-run leaves its
/// claim to expire after the lease. The jobs themselves stay safe to run twice (each item moves with a conditional
/// update), so a run taken over after an expired lease repeats nothing.
/// </summary>
internal sealed class JobLease(IServiceScopeFactory scopes, ILogger<JobLease> log)
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<JobDecision> _decisions = new();

    /// <summary>This instance's name in claims: host, process and a random part (two hosts in one process differ).</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The latest decisions of this instance, oldest first.</summary>
    public IReadOnlyList<JobDecision> Decisions => [.. _decisions];

    /// <summary>The key of a daily job's period.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The key of the slot of <paramref name="every"/> (counted from midnight UTC) that <paramref name="now"/> falls in.</summary>
    public static string Slot(DateTimeOffset now, TimeSpan every)
    {
        var utc = now.UtcDateTime;
        var ticks = Math.Max(TimeSpan.TicksPerMinute, every.Ticks);
        var start = utc.Date.AddTicks(utc.TimeOfDay.Ticks / ticks * ticks);
        return start.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (in its own scope) if this instance claims <paramref name="job"/>'s
    /// <paramref name="period"/>; <paramref name="lease"/> should be longer than a run takes.
    /// </summary>
    public async Task<JobRunOutcome> RunOnce(string job, string period, TimeSpan lease, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        if (!await Claim(job, period, lease, ct))
        {
            Note(new JobDecision(job, period, JobRunOutcome.Skipped));
            return JobRunOutcome.Skipped;
        }

        try
        {
            using var scope = scopes.CreateScope();
            await work(scope.ServiceProvider, ct);
        }
        catch (Exception e)
        {
            await GiveBack(job, period, e is OperationCanceledException ? "stopped" : e.GetType().Name + ": " + e.Message);
            throw;
        }

        await Finish(job, period, ct);
        Note(new JobDecision(job, period, JobRunOutcome.Ran));
        return JobRunOutcome.Ran;
    }

    /// <summary>True when this instance now holds the claim: it inserted the row, or took over an unfinished one whose lease ran out.</summary>
    private async Task<bool> Claim(string job, string period, TimeSpan lease, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        var until = now + lease;
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO job_runs ("Job", "Period", "Instance", "StartedAtUtc", "LeaseUntilUtc", "Attempts")
            VALUES ({job}, {period}, {Instance}, {now}, {until}, 1)
            ON CONFLICT ("Job", "Period") DO UPDATE SET "Instance" = excluded."Instance", "StartedAtUtc" = excluded."StartedAtUtc",
                "LeaseUntilUtc" = excluded."LeaseUntilUtc", "Attempts" = job_runs."Attempts" + 1
            WHERE job_runs."FinishedAtUtc" IS NULL AND job_runs."LeaseUntilUtc" <= excluded."StartedAtUtc"
            """, ct);
        return claimed == 1;
    }

    private async Task Finish(string job, string period, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        await Mine(db, job, period).ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAtUtc, now).SetProperty(r => r.LastError, (string?)null), ct);
    }

    /// <summary>A failed or stopped run ends its lease now, so that the next tick (of any instance) runs the period again.</summary>
    private async Task GiveBack(string job, string period, string why)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            var now = db.UtcNow;
            var error = why.Length > 500 ? why[..500] : why;
            await Mine(db, job, period).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntilUtc, now).SetProperty(r => r.LastError, error), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The lease then simply runs out.
            log.LogWarning(e, "Could not give back the claim on {Job} for {Period}", job, period);
        }
    }

    private IQueryable<JobRun> Mine(CreditDb db, string job, string period) =>
        db.JobRuns.Where(r => r.Job == job && r.Period == period && r.Instance == Instance && r.FinishedAtUtc == null);

    private void Note(JobDecision decision)
    {
        _decisions.Enqueue(decision);
        while (_decisions.Count > Kept && _decisions.TryDequeue(out _))
        {
        }
    }
}
