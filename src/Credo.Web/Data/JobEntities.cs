using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// One run of a scheduled job for one period (issue 17 §4): the key (job, period) is unique, so of several instances
/// on one database only the one whose claim stands runs the job for that period (<see cref="Infrastructure.JobLease"/>).
/// A claim is a lease: an instance that stops mid-run leaves it to expire, and the next instance to look takes it over.
/// </summary>
internal sealed class JobRun
{
    /// <summary>The job's stable name (for example <c>credit-sweep</c>).</summary>
    public string Job { get; set; } = string.Empty;

    /// <summary>The period's key (a date, or the start of a slot of minutes), in the job's own terms.</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>The instance holding (or that held) the claim.</summary>
    public string Instance { get; set; } = string.Empty;

    public DateTime StartedAtUtc { get; set; }

    /// <summary>Until when the claim holds while the run is not finished; past it, another instance may take the run over.</summary>
    public DateTime LeaseUntilUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>How many claims were made for this run (more than one: a failed or abandoned run was taken again).</summary>
    public int Attempts { get; set; }

    /// <summary>Why the last attempt failed, if one did (kept for the operator).</summary>
    public string? LastError { get; set; }
}

internal static class JobModel
{
    public static void Configure(ModelBuilder builder) =>
        builder.Entity<JobRun>(e =>
        {
            e.ToTable("job_runs");
            e.HasKey(r => new { r.Job, r.Period });
            e.Property(r => r.Job).HasMaxLength(100);
            e.Property(r => r.Period).HasMaxLength(100);
            e.Property(r => r.Instance).HasMaxLength(200);
            e.Property(r => r.LastError).HasMaxLength(500);
        });
}
