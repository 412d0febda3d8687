using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Credo.Web.Data;

/// <summary>
/// Chooses and configures the provider. <c>Database:Provider</c> is <c>Sqlite</c> (default: one file under
/// <c>Database:DataDirectory</c>) or <c>Postgres</c> (connection string <c>ConnectionStrings:Credo</c>).
/// </summary>
internal static class Database
{
    public static DatabaseProvider ProviderFrom(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(config["Database:Provider"], "PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public static string SqliteConnectionString(IConfiguration config)
    {
        var explicitCs = config.GetConnectionString("Credo");
        if (!string.IsNullOrWhiteSpace(explicitCs))
        {
            return new SqliteConnectionStringBuilder(explicitCs) { ForeignKeys = true, DefaultTimeout = 30, Pooling = true }.ToString();
        }

        var dir = config["Database:DataDirectory"] ?? "data";
        Directory.CreateDirectory(dir);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dir, "credo.db")),
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public static string PostgresConnectionString(IConfiguration config) =>
        config.GetConnectionString("Credo") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Credo (env ConnectionStrings__Credo) is not set.");

    public static IServiceCollection AddCredoDatabase(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LedgerSeal>(); // issue 12 §2: every context seals the ledger entries it writes
        // The options are built once (they depend on nothing scoped); a context per request, as before. Built per
        // context, they cost every request an options builder, EF's warnings table and its extension checks.
        switch (ProviderFrom(config))
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(config);
                services.AddDbContext<CreditDb, SqliteCreditDb>(o => ConfigureSqlite(o, sqlite), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                var pg = PostgresConnectionString(config);
                services.AddDbContext<CreditDb, PostgresCreditDb>(o => ConfigurePostgres(o, pg), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
        }

        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsHistoryTable("__ef_migrations"))
            .AddInterceptors(SqlitePragmas.Instance, SqliteTurnsInterceptor.Instance); // creditpath: every EF writer takes turns

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__ef_migrations"));

    /// <summary>Applies pending migrations (SQLite at start; PostgreSQL through the <c>migrate</c> verb).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        await db.Database.MigrateAsync(ct);
    }

    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        return [.. await db.Database.GetPendingMigrationsAsync(ct)];
    }
}

/// <summary>
/// Every SQLite connection: WAL, synchronous=FULL (a committed write survives power loss), foreign keys, and a
/// busy timeout. Write transactions begin IMMEDIATE: Microsoft.Data.Sqlite's BeginTransaction does so unless
/// asked to defer, and EF Core's SaveChanges uses it, so a writer takes the write lock before it reads.
/// The pragmas are a property of the physical connection and last as long as it does; a pooled open hands back one
/// already set, so they are applied once per physical connection (its native handle is marked), not on every open
/// (issue 17 §3: they were a round of four statements on every context's first query).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    /// <summary>The native handles (physical connections) that have their pragmas; a closed one drops out with its handle.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    private long _applied;

    /// <summary>How many physical connections this interceptor has configured (what a pooled open saves is visible here).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ApplyOnce(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ApplyOnce(connection);
        return Task.CompletedTask;
    }

    public static void Apply(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        cmd.ExecuteNonQuery();
    }

    private void ApplyOnce(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _))
        {
            return;
        }

        Apply(connection);
        Interlocked.Increment(ref _applied);
        if (connection is SqliteConnection { Handle: { } opened })
        {
            Configured.AddOrUpdate(opened, this);
        }
    }
}

internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCreditDb>
{
    public SqliteCreditDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteCreditDb>();
        Database.ConfigureSqlite(o, "Data Source=design.db");
        return new SqliteCreditDb(o.Options, new FixedActor("design"), TimeProvider.System, new LedgerSeal(new byte[32]));
    }
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCreditDb>
{
    public PostgresCreditDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresCreditDb>();
        Database.ConfigurePostgres(o, "Host=127.0.0.1;Database=credo_design");
        return new PostgresCreditDb(o.Options, new FixedActor("design"), TimeProvider.System, new LedgerSeal(new byte[32]));
    }
}
