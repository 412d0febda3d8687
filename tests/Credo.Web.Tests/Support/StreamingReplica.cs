using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace Credo.Web.Tests.Support;

/// <summary>
/// A streaming replica of the test PostgreSQL server (<c>CREDO_TEST_POSTGRES</c>), made and started by the test:
/// <c>pg_basebackup -R</c> into a temp folder, then a second postgres on a free port the OS picked, on loopback. The
/// server binaries are found with <c>pg_config --bindir</c> or under /usr/lib/postgresql. As root (CI), the replica
/// runs as the <c>postgres</c> user, since postgres refuses to run as root. The primary must allow replication
/// (wal_level replica and a <c>host replication</c> line in pg_hba.conf: initdb's defaults, which .ci/run keeps).
/// </summary>
public sealed class StreamingReplica : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly string _primary;
    private readonly int _port;

    private StreamingReplica(string bin, string dir, string primary, int port)
    {
        _bin = bin;
        _dir = dir;
        _primary = primary;
        _port = port;
    }

    /// <summary>The replica's connection string for <paramref name="database"/> (the primary's user, the replica's port).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_primary) { Host = "127.0.0.1", Port = _port, Database = database }.ToString();

    /// <summary>Why a replica cannot be made here, or null when it can (a PostgreSQL server to copy and its binaries).</summary>
    public static string? Unavailable()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CredoApp.PostgresVariable)))
        {
            return "PostgreSQL only: a streaming replica is a PostgreSQL server's copy (SQLite is one file in one process); set " + CredoApp.PostgresVariable + " to run it.";
        }

        return BinDir() is null ? "The PostgreSQL server binaries (pg_basebackup, pg_ctl) were not found (pg_config --bindir, /usr/lib/postgresql/*/bin)." : null;
    }

    public static async Task<StreamingReplica> Start()
    {
        var primary = Environment.GetEnvironmentVariable(CredoApp.PostgresVariable)!;
        var bin = BinDir()!;
        var dir = Path.Combine(Path.GetTempPath(), "credo-replica-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var replica = new StreamingReplica(bin, dir, primary, FreePort());
        try
        {
            await replica.Copy();
            await replica.Run("pg_ctl", "-D", replica.DataDir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "120", "start", "-o", await replica.ServerOptions());
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }

        return replica;
    }

    /// <summary>Stops the replica (reads on it then fail to connect); <see cref="Resume"/> starts it again.</summary>
    public Task Stop() => Run("pg_ctl", "-D", DataDir, "-m", "fast", "-w", "stop");

    public async Task Resume() =>
        await Run("pg_ctl", "-D", DataDir, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "120", "start", "-o", await ServerOptions());

    /// <summary>Pauses or resumes the replay of the primary's log: the replica stays up but falls behind.</summary>
    public async Task Replay(bool on)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits (bounded, on the condition) until the replica has replayed everything the primary has written so far. The
    /// replica replays the whole test server (every test class's database): on a busy shared machine that took over two minutes.
    /// </summary>
    public async Task CaughtUp()
    {
        ulong written;
        await using (var p = new NpgsqlConnection(_primary))
        {
            await p.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_current_wal_lsn()", p);
            written = (ulong)(NpgsqlLogSequenceNumber)(await cmd.ExecuteScalarAsync())!;
        }

        var deadline = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await conn.OpenAsync();
        while (true)
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", conn);
            if (await cmd.ExecuteScalarAsync() is NpgsqlLogSequenceNumber replayed && (ulong)replayed >= written)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), "The replica did not catch up with the primary within five minutes.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Run("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        catch (Xunit.Sdk.XunitException)
        {
            // Already stopped, or never started.
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string DataDir => Path.Combine(_dir, "data");

    private static bool AsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static string? BinDir()
    {
        try
        {
            var config = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            var dir = config?.StandardOutput.ReadToEnd().Trim();
            config?.WaitForExit();
            if (dir is { Length: > 0 } && File.Exists(Path.Combine(dir, "pg_basebackup")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on the PATH: look where Debian puts the server.
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "pg_basebackup")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The base backup of the whole primary, with the standby settings written (-R), as the server's user.</summary>
    private async Task Copy()
    {
        if (AsRoot)
        {
            await Exec("chown", "postgres:postgres", _dir);
        }

        var cs = new NpgsqlConnectionStringBuilder(_primary);
        await Run("pg_basebackup", "-h", cs.Host ?? "127.0.0.1", "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", cs.Username ?? "postgres", "-D", DataDir, "-R", "-X", "stream", "-c", "fast", "-w");
    }

    /// <summary>
    /// Loopback on the chosen port, its own socket folder, and the primary's own sizes for the settings a standby must
    /// not have below the primary's (it refuses to start otherwise: CI's primary runs with max_connections=300).
    /// </summary>
    private async Task<string> ServerOptions()
    {
        string[] mustMatch = ["max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions", "max_locks_per_transaction"];
        var options = new List<string> { "-c listen_addresses=127.0.0.1", $"-p {_port}", $"-k {_dir}", "-c hot_standby=on", "-c fsync=off" };
        await using var conn = new NpgsqlConnection(_primary);
        await conn.OpenAsync();
        foreach (var name in mustMatch)
        {
            await using var cmd = new NpgsqlCommand($"SELECT current_setting('{name}')", conn);
            options.Add($"-c {name}={await cmd.ExecuteScalarAsync()}");
        }

        return string.Join(' ', options);
    }

    private Task Run(string tool, params string[] args) =>
        AsRoot ? Exec("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : Exec(Path.Combine(_bin, tool), args);

    private static async Task Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
