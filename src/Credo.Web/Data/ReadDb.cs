using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using NpgsqlTypes;

namespace Credo.Web.Data;

/// <summary>
/// The context for reads that may be served by a read replica (issue 17 §5, ADR 0022): statements, exports, the
/// analytics reports and the portal's read-only pages. <see cref="Db"/> is a no-tracking context on
/// <c>ConnectionStrings:CredoRead</c> while <see cref="ReplicaReads"/> finds the replica up and within its lag bound,
/// and the request's own primary context otherwise (no replica set, SQLite, the replica down or too far behind). Never
/// for a decision that must see its own write: those take <see cref="CreditDb"/> itself.
/// </summary>
internal sealed class ReadDb : IDisposable, IAsyncDisposable
{
    private readonly CreditDb _primary;
    private readonly Func<CreditDb?> _openReplica;
    private CreditDb? _replica;
    private bool _chosen;

    public ReadDb(CreditDb primary, ReplicaReads replica, ICurrentActor actor)
        : this(primary, () => replica.Open(actor))
    {
    }

    private ReadDb(CreditDb primary, Func<CreditDb?> openReplica)
    {
        _primary = primary;
        _openReplica = openReplica;
    }

    /// <summary>Reads from <paramref name="primary"/> only (benches and tools that build a use case by hand).</summary>
    public static ReadDb Primary(CreditDb primary) => new(primary, () => null);

    /// <summary>The context to read from, chosen once per request (scope).</summary>
    public CreditDb Db
    {
        get
        {
            if (!_chosen)
            {
                _replica = _openReplica();
                _chosen = true;
            }

            return _replica ?? _primary;
        }
    }

    /// <summary>True when this request's reads go to the replica.</summary>
    public bool OnReplica => Db != _primary;

    public void Dispose() => _replica?.Dispose();

    public ValueTask DisposeAsync() => _replica?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Where reads are served from, and why, as the last probe (or a failed replica connection) found it.</summary>
internal sealed record ReadsState(bool OnReplica, string Words, TimeSpan? Lag, DateTimeOffset? CheckedAt);

/// <summary>
/// Watches the read replica: each probe asks the primary its write position and the replica its replay position, and
/// <see cref="ReplicaLag"/> turns the two into how far behind the replica is (in the app's time, so a test moves it).
/// Reads go to the replica while it answers and is at most <c>Database:ReadMaxLagSeconds</c> behind; otherwise to the
/// primary, logged once when it changes and shown on /health/reads.
/// </summary>
internal sealed class ReplicaReads : IDisposable
{
    private readonly string? _primary;
    private readonly string? _read;
    private readonly DbContextOptions<PostgresCreditDb>? _options;
    private readonly TimeProvider _clock;
    private readonly LedgerSeal _seal;
    private readonly ILogger<ReplicaReads> _log;
    private readonly ReplicaLag _lag = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReadsState _state;

    public ReplicaReads(IConfiguration config, TimeProvider clock, LedgerSeal seal, ILogger<ReplicaReads> log)
    {
        _clock = clock;
        _seal = seal;
        _log = log;
        MaxLag = TimeSpan.FromSeconds(config.GetValue("Database:ReadMaxLagSeconds", 30));
        CheckEvery = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Database:ReadCheckSeconds", 5)));
        var read = config.GetConnectionString("CredoRead");
        if (Database.ProviderFrom(config) == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(read))
        {
            _primary = Database.PostgresConnectionString(config);
            _read = read;
            _options = new DbContextOptionsBuilder<PostgresCreditDb>()
                .UseNpgsql(read, n => n.MigrationsHistoryTable("__ef_migrations"))
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .AddInterceptors(new ReplicaConnectionWatch(this))
                .Options;
            _state = new ReadsState(false, "Reads are served by the primary until the read replica has been checked.", null, null);
        }
        else
        {
            _state = new ReadsState(false, "No read replica is set up: every read is served by the primary.", null, null);
        }
    }

    public bool Configured => _read is not null;

    public TimeSpan MaxLag { get; }

    public TimeSpan CheckEvery { get; }

    public ReadsState State => Volatile.Read(ref _state);

    /// <summary>A context on the replica when reads may go there now; null means "read from the primary".</summary>
    public CreditDb? Open(ICurrentActor actor) =>
        _options is not null && State.OnReplica ? new PostgresCreditDb(_options, actor, _clock, _seal) : null;

    /// <summary>Asks the primary and the replica where they are, and decides where reads go until the next probe.</summary>
    public async Task<ReadsState> ProbeAsync(CancellationToken ct)
    {
        if (_read is null)
        {
            return State;
        }

        await _gate.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            ulong written;
            try
            {
                written = await PrimaryPosition(ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return State; // the primary itself does not answer: nothing to compare with, nothing better to offer
            }

            try
            {
                var (recovering, replayed) = await ReplicaPosition(ct);
                var lag = recovering ? _lag.Observe(now, written, replayed) : TimeSpan.Zero;
                return Set(lag <= MaxLag
                    ? new ReadsState(true, $"Reads are served by the read replica ({Seconds(lag)} behind the primary).", lag, now)
                    : new ReadsState(false, $"Reads are served by the primary: the read replica is {Seconds(lag)} behind, more than the {Seconds(MaxLag)} allowed.", lag, now));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or DbException)
            {
                return Set(Unreachable(now, e));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>A read on the replica could not connect: reads go to the primary until a probe finds it again.</summary>
    public void ConnectionFailed(Exception e) => Set(Unreachable(_clock.GetUtcNow(), e));

    private static ReadsState Unreachable(DateTimeOffset now, Exception e) =>
        new(false, $"Reads are served by the primary: the read replica cannot be reached{(e is TimeoutException ? " in time" : string.Empty)}.", null, now);

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 1 ? "less than a second" : $"{(long)t.TotalSeconds} seconds";

    private ReadsState Set(ReadsState next)
    {
        var before = Interlocked.Exchange(ref _state, next);
        if (before.OnReplica != next.OnReplica && _read is not null)
        {
            // Pooled connections to a replica that went away (or restarted) are broken: start afresh either way.
            using var pooled = new NpgsqlConnection(_read);
            NpgsqlConnection.ClearPool(pooled);
        }

        if (before.OnReplica && !next.OnReplica)
        {
            _log.LogWarning("Read replica not used: {Words}", next.Words);
        }
        else if (!before.OnReplica && next.OnReplica)
        {
            _log.LogInformation("Read replica in use: {Words}", next.Words);
        }

        return next;
    }

    private async Task<ulong> PrimaryPosition(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(_primary);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT pg_current_wal_lsn()", conn);
        return (ulong)(NpgsqlLogSequenceNumber)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task<(bool Recovering, ulong Replayed)> ReplicaPosition(CancellationToken ct)
    {
        var quick = new NpgsqlConnectionStringBuilder(_read) { Timeout = 3, Pooling = false };
        await using var conn = new NpgsqlConnection(quick.ToString());
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var recovering = reader.GetBoolean(0);
        return (recovering, recovering && !reader.IsDBNull(1) ? (ulong)reader.GetFieldValue<NpgsqlLogSequenceNumber>(1) : 0UL);
    }
}

/// <summary>
/// How far behind the replica is, from probes: each probe notes when the primary was at which write position. The
/// replica has everything the primary had at the newest noted moment whose position it has replayed, so its lag is at
/// most the time since then (measured to the probe's resolution: an idle primary does not make a replica look stale).
/// </summary>
internal sealed class ReplicaLag
{
    private const int MaxSamples = 1_000;
    private readonly List<(DateTimeOffset At, ulong Position)> _samples = [];

    public TimeSpan Observe(DateTimeOffset now, ulong primaryPosition, ulong replayedPosition)
    {
        _samples.Add((now, primaryPosition));
        var caughtUp = _samples.FindLastIndex(s => s.Position <= replayedPosition);
        if (caughtUp > 0)
        {
            _samples.RemoveRange(0, caughtUp);
        }
        else if (_samples.Count > MaxSamples)
        {
            _samples.RemoveAt(1); // keep the oldest moment not yet replayed: the lag is measured from it
        }

        return now - _samples[0].At;
    }
}

/// <summary>A replica connection that fails (to open, or broken under a command) sends reads to the primary at once, not at the next probe.</summary>
internal sealed class ReplicaConnectionWatch(ReplicaReads replica) : DbConnectionInterceptor, IDbCommandInterceptor
{
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.Exception is NpgsqlException { IsTransient: true })
        {
            replica.ConnectionFailed(eventData.Exception);
        }
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => replica.ConnectionFailed(eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        replica.ConnectionFailed(eventData.Exception);
        return Task.CompletedTask;
    }
}

/// <summary>Probes the replica every <c>Database:ReadCheckSeconds</c> (on the app's clock), and once at start.</summary>
internal sealed class ReplicaWatch(ReplicaReads replica, TimeProvider clock, ILogger<ReplicaWatch> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await replica.ProbeAsync(stoppingToken);
                await Task.Delay(replica.CheckEvery, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "The read replica check failed; reads stay where they were");
                await Task.Delay(replica.CheckEvery, clock, stoppingToken);
            }
        }
    }
}

/// <summary>/health and /health/reads: healthy on the replica or with none set up, degraded while reads fall back to the primary.</summary>
internal sealed class ReadReplicaHealthCheck(ReplicaReads replica) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = replica.State;
        return Task.FromResult(state.OnReplica || !replica.Configured
            ? HealthCheckResult.Healthy(state.Words)
            : HealthCheckResult.Degraded(state.Words));
    }
}

/// <summary>/health/reads: the reads check alone, answered with its sentence (200 healthy or degraded).</summary>
internal static class ReadsHealth
{
    public const string Name = "reads";

    public static Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions Options { get; } = new()
    {
        Predicate = r => r.Name == Name,
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var words = report.Entries.TryGetValue(Name, out var entry) ? entry.Description : null;
            return context.Response.WriteAsync(words ?? "Reads are served by the primary.");
        },
    };
}

internal static class ReadReplicaSetup
{
    /// <summary>The read context for every request, and the replica's watch when <c>ConnectionStrings:CredoRead</c> is set.</summary>
    public static IServiceCollection AddReadReplica(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<ReplicaReads>();
        services.AddScoped<ReadDb>();
        if (Database.ProviderFrom(config) == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(config.GetConnectionString("CredoRead")))
        {
            services.AddHostedService<ReplicaWatch>();
        }

        return services;
    }
}
