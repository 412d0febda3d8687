using System.Globalization;
using Credo.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Tests.Scale;

/// <summary>
/// Issue 17 §3: the SQLite pragmas (WAL, synchronous=FULL, foreign keys, busy timeout) belong to the physical
/// connection, so they are applied once per physical connection, not on every pooled open; a reused connection still
/// has them. Counted on a file of its own through a context that opens as Credo's does (same interceptor).
/// </summary>
public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "credo-tests", Guid.NewGuid().ToString("N"));

    public SqlitePragmasTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void Fifty_pooled_opens_apply_the_pragmas_once_and_each_new_physical_connection_once()
    {
        var connectionString = $"Data Source={Path.Combine(_directory, "pragmas.db")};Pooling=True";
        var pragmas = new SqlitePragmas();

        for (var i = 0; i < 50; i++)
        {
            using var db = Probe.Open(connectionString, pragmas);
            Assert.Equal("1", db.Pragma("foreign_keys"));
        }

        Assert.Equal(1, pragmas.Applied); // before the fix: 50, one round of four statements per open

        // The reused connection still has every pragma.
        using (var reused = Probe.Open(connectionString, pragmas))
        {
            Assert.Equal(("wal", "2", "1", "30000"), (reused.Pragma("journal_mode"), reused.Pragma("synchronous"), reused.Pragma("foreign_keys"), reused.Pragma("busy_timeout")));

            // A second connection open at the same time is a second physical connection: configured once too.
            using var second = Probe.Open(connectionString, pragmas);
            Assert.Equal("30000", second.Pragma("busy_timeout"));
        }

        Assert.Equal(2, pragmas.Applied);
        SqliteConnection.ClearAllPools(); // physical connections closed: the next open is new and is configured
        using (var fresh = Probe.Open(connectionString, pragmas))
        {
            Assert.Equal("2", fresh.Pragma("synchronous"));
        }

        Assert.Equal(3, pragmas.Applied);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>A context with nothing in it, opened through the pragma interceptor as Credo's contexts are.</summary>
    private sealed class Probe(DbContextOptions<Probe> options) : DbContext(options)
    {
        public static Probe Open(string connectionString, SqlitePragmas pragmas)
        {
            var db = new Probe(new DbContextOptionsBuilder<Probe>().UseSqlite(connectionString).AddInterceptors(pragmas).Options);
            db.Database.OpenConnection();
            return db;
        }

        public string Pragma(string name)
        {
            using var cmd = Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "PRAGMA " + name;
            return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture)!;
        }
    }
}
