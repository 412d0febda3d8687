using System.CommandLine;
using Credo.Web;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Credo.Bench;

/// <summary>A fresh, migrated database for one benchmark run (a temp SQLite file, or a new PostgreSQL database), dropped afterwards.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string? _databaseName;
    private readonly string _directory;
    private readonly bool _kept;

    private BenchDatabase(string provider, string? adminConnection, string? keptDirectory = null)
    {
        Provider = provider;
        _kept = keptDirectory is not null;
        _directory = keptDirectory ?? Path.Combine(Path.GetTempPath(), "credo-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        if (provider == "postgres")
        {
            _adminConnection = adminConnection ?? throw new ArgumentException("--connection is required for postgres.");
            _databaseName = _kept
                ? "credo_bench_kept_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(_directory))))[..12]
                : "credo_bench_" + Guid.NewGuid().ToString("N")[..12];
            ConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = _databaseName }.ToString();
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(_directory, "credo.db")}";
        }
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A scratch folder for generated files, deleted with the database.</summary>
    public string ScratchDirectory => _directory;

    public WebApplication App { get; private set; } = null!;

    /// <summary>The <c>--provider</c> option every benchmark takes: sqlite (the default) or postgres.</summary>
    public static Option<string> ProviderOption()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        return provider;
    }

    /// <summary>The <c>--connection</c> option: a PostgreSQL server to create the benchmark's database on.</summary>
    public static Option<string?> ConnectionOption() =>
        new("--connection") { Description = "PostgreSQL server connection string (a fresh database is created and dropped)." };

    /// <summary>The deterministic local bureau in the waterfall (production has none by default), for benchmarks that gather evidence.</summary>
    public static readonly string[] LocalBureau = ["--Evidence:Bureau:Waterfall:0=manual", "--Evidence:Bureau:Waterfall:1=local"];

    /// <summary>The <c>--data DIR</c> option: keep the benchmark's database in DIR (SQLite) or in a database named after DIR (PostgreSQL) and reuse it next time, so a large data set is built once, outside the bench lock.</summary>
    public static Option<string?> DataOption() =>
        new("--data") { Description = "Folder to keep the seeded database in and reuse (built once, outside the bench lock)." };

    /// <summary>True when a kept database already holds its data (its folder has the marker <see cref="MarkSeeded"/> wrote).</summary>
    public bool Seeded => _kept && File.Exists(Path.Combine(_directory, "seeded-" + Provider));

    /// <summary>Marks a kept database as seeded, so the next run reuses it.</summary>
    public void MarkSeeded()
    {
        if (_kept)
        {
            File.WriteAllText(Path.Combine(_directory, "seeded-" + Provider), DateTime.UtcNow.ToString("O"));
        }
    }

    public static async Task<BenchDatabase> Create(string provider, string? adminConnection, string[]? hostArgs = null, string? dataDirectory = null)
    {
        var db = new BenchDatabase(provider, adminConnection, dataDirectory);
        if (db._kept && !db.Seeded && provider != "postgres")
        {
            foreach (var stale in Directory.GetFiles(db._directory, "credo.db*"))
            {
                File.Delete(stale); // a seeding that did not finish
            }
        }

        if (db._databaseName is not null && !db.Seeded)
        {
            await using var conn = new NpgsqlConnection(adminConnection);
            await conn.OpenAsync();
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{db._databaseName}\" WITH (FORCE)", conn))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{db._databaseName}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        db.App = CredoHost.Build(
            [
                "--Database:Provider=" + (provider == "postgres" ? "Postgres" : "Sqlite"),
                "--ConnectionStrings:Credo=" + db.ConnectionString,
                "--Database:DataDirectory=" + db._directory,
                "--Credo:CreateFirstAdmin=false",
                "--Seller:PublicBaseUrl=http://127.0.0.1", // emails and letters link somewhere; serve refuses to start without it
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
                "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=None", // the first migration probes a history table that does not exist yet
                .. hostArgs ?? [],
            ],
            new FixedActor("bench"));
        await Database.MigrateAsync(db.App.Services);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_kept)
        {
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return;
        }

        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
