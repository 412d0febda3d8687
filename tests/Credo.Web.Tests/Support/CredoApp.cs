using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Web.Features.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Credo.Web.Tests.Support;

/// <summary>
/// The whole app in memory, on its own fresh database: a SQLite file in a temp folder by default, or a new
/// PostgreSQL database when <c>CREDO_TEST_POSTGRES</c> holds a connection string to a server (the database
/// named there is only used to create and drop the test databases).
/// </summary>
public sealed class CredoApp : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "CREDO_TEST_POSTGRES";

    private readonly Dictionary<string, string> _keys = [];
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private readonly string? _adminConnection;
    private readonly string? _databaseName;
    private readonly string _dataDirectory;

    public CredoApp()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "credo-tests", Guid.NewGuid().ToString("N"));
        _adminConnection = Environment.GetEnvironmentVariable(PostgresVariable);
        if (IsPostgres)
        {
            _databaseName = "credo_test_" + Guid.NewGuid().ToString("N")[..12];
            using var conn = new NpgsqlConnection(_adminConnection);
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", conn);
            cmd.ExecuteNonQuery();
            ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = _databaseName, MaxPoolSize = 200 }.ToString();
        }
        else
        {
            Directory.CreateDirectory(_dataDirectory);
            ConnectionString = $"Data Source={Path.Combine(_dataDirectory, "credo.db")}";
        }
    }

    public bool IsPostgres => !string.IsNullOrWhiteSpace(_adminConnection);

    /// <summary>
    /// The deterministic local bureau in the waterfall (after manual reports), as the demo has it: most tests decide
    /// applications on its facts. False leaves the production default (no bureau: applications go to a person).
    /// </summary>
    public bool LocalBureau { get; init; } = true;

    public string ConnectionString { get; }

    /// <summary>"Now" as the app reads it (its <see cref="TimeProvider"/>), never the test machine's own clock.</summary>
    public DateTimeOffset Now => Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>The app's today (UTC), for dates that stand for "today" in the app's sense.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>Every log line of the app (and of factories derived from it), errors apart: a failed start says why here.</summary>
    internal CapturedLogs Log { get; } = new();

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Credo", ConnectionString);
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        builder.UseSetting("Database:MigrateAtStart", "true");
        builder.UseSetting("Credo:CreateFirstAdmin", "false");
        builder.UseSetting("Seller:Name", "Test Wholesale Ltd");
        builder.UseSetting("Seller:PublicBaseUrl", "https://credo.test.example");
        builder.UseSetting("Smtp:DeliverInBackground", "false"); // tests read the outbox; EmailDeliveryTests deliver explicitly
        builder.UseSetting("Webhooks:DeliverInBackground", "false"); // Webhooks tests deliver explicitly, on their own clock
        builder.UseSetting("Applications:PostsPerMinutePerIp", "100000"); // RateLimitTests sets its own low limit
        if (LocalBureau)
        {
            builder.UseSetting("Evidence:Bureau:Waterfall:0", "manual");
            builder.UseSetting("Evidence:Bureau:Waterfall:1", "local");
        }

        builder.UseSetting("SignIn:FailuresPerIp", "100000"); // every test client has the same address; SessionTests sets its own
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    /// <summary>A client authenticated with an API key of <paramref name="role"/> (one key per role per app).</summary>
    public async Task<HttpClient> ClientAs(string role)
    {
        var key = await KeyFor(role);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<string> KeyFor(string role)
    {
        await _keyLock.WaitAsync();
        try
        {
            if (!_keys.TryGetValue(role, out var key))
            {
                using var scope = Services.CreateScope();
                var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>()
                    .Create(new ApiKeyRequest("test-" + role.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..6], role), CancellationToken.None);
                key = created.Value!.Key;
                _keys[role] = key;
            }

            return key;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> with a scoped service provider (for direct database checks).</summary>
    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _keyLock.Dispose();
        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}

/// <summary>Small helpers that keep tests reading like the domain.</summary>
public static class Http
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: CredoApp.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"Expected success, got {(int)response.StatusCode}: {text}");
        }

        return JsonSerializer.Deserialize<T>(text, CredoApp.Json)!;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts a ProblemDetails refusal by status and stable type code; returns the problem for more checks.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, int status, string code, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {code}, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("https://credo.dev/problems/" + code, problem.GetProperty("type").GetString());
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        return problem;
    }

    public static async Task CreateCustomer(this HttpClient client, string number, string currency = "USD", string terms = "NET30", string? groupCode = null)
    {
        var response = await client.PostJson("/api/customers", new { number, legalName = "Customer " + number, currency, terms, groupCode });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
