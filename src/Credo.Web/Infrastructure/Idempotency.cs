using System.Security.Cryptography;
using System.Text.Json;
using Credo.Web.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Honours an <c>Idempotency-Key</c> header on POSTs that move money. The key's row is added to the same unit of
/// work as the state change, so either both are saved or neither; a replay returns the first response, and the
/// same key with a different body is refused with 422 <c>idempotency-key-reused</c>. Two concurrent requests with
/// one key: the unique index lets one win; the other waits for its answer and replays it.
/// </summary>
internal sealed class IdempotencyFilter(CreditDb db, TimeProvider clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }

        if (key.Length > 200)
        {
            return Problems.Validation(Header, "The idempotency key is longer than 200 characters.");
        }

        var scope = $"{http.User.Identity?.Name ?? "anonymous"} {http.Request.Method} {http.Request.Path}";
        var hash = HashArguments(context.Arguments);
        var existing = await Find(scope, key, http.RequestAborted);
        if (existing is not null)
        {
            return await AfterWinner(existing, scope, key, hash, http.RequestAborted);
        }

        var record = new IdempotencyRecord
        {
            Scope = scope,
            Key = key,
            RequestHash = hash,
            StatusCode = 0,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.IdempotencyRecords.Add(record);
        object? result;
        try
        {
            result = await next(context);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var winner = await Find(scope, key, http.RequestAborted);
            if (winner is null)
            {
                throw;
            }

            return await AfterWinner(winner, scope, key, hash, http.RequestAborted);
        }

        if (db.Entry(record).State != EntityState.Unchanged)
        {
            // The use case refused before saving: nothing happened, so the key stays free for a corrected retry.
            // Unless a concurrent request with the same key won meanwhile (the use case then refused on its own
            // unique index, e.g. duplicate-document): that request's answer is this one's too.
            db.Entry(record).State = EntityState.Detached;
            return await Find(scope, key, http.RequestAborted) is { } winner
                ? await AfterWinner(winner, scope, key, hash, http.RequestAborted)
                : result;
        }

        (record.StatusCode, record.Location, record.ResponseJson) = Describe(result);
        await db.SaveChangesAsync(http.RequestAborted);
        return result;
    }

    /// <summary>
    /// The answer for a request whose key another request holds: that request's answer once it is stored. A retry
    /// that arrives while the first is still running waits for it (up to <see cref="InFlightWait"/>) instead of
    /// being refused, so a client retrying a slow request gets the same answer either way.
    /// </summary>
    private async Task<IResult> AfterWinner(IdempotencyRecord winner, string scope, string key, string hash, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (winner.RequestHash == hash && winner.StatusCode == 0 && waited.Elapsed < InFlightWait)
        {
            await Task.Delay(InFlightPoll, ct);
            if (await Find(scope, key, ct) is not { } again)
            {
                break; // the winner's response row is gone only if it rolled back: still in flight for this caller
            }

            winner = again;
        }

        return Replay(winner, hash);
    }

    /// <summary>How long a retry waits for the first request with its key to finish before it is told 409.</summary>
    public static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);

    private Task<IdempotencyRecord?> Find(string scope, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);

    private static IResult Replay(IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            return Problems.Problem("idempotency-key-reused", "This Idempotency-Key was used with a different request body.", StatusCodes.Status422UnprocessableEntity, Header);
        }

        if (record.StatusCode == 0)
        {
            return Problems.Problem("idempotency-key-in-flight", "A request with this Idempotency-Key is still being processed.", StatusCodes.Status409Conflict, Header);
        }

        return new ReplayedResult(record.StatusCode, record.Location, record.ResponseJson);
    }

    private (int Status, string? Location, string? Json) Describe(object? result)
    {
        var status = result is IStatusCodeHttpResult s ? s.StatusCode ?? 200 : 200;
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        var value = result is IValueHttpResult v ? v.Value : null;
        var body = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
        return (status, location, body);
    }

    /// <summary>Hashes what identifies the request: route values and the body record (named *Request by convention).</summary>
    private string HashArguments(IList<object?> arguments)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var argument in arguments)
        {
            if (argument is null)
            {
                continue;
            }

            var type = argument.GetType();
            if (argument is HttpRequest or HttpContext)
            {
                // An endpoint reading its own upload (a multipart file) takes the request itself: never serialized.
                continue;
            }

            if (argument is string or decimal or DateOnly or Guid || type.IsPrimitive || type.IsEnum || type.Name.EndsWith("Request", StringComparison.Ordinal))
            {
                sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(argument, type, json.Value.SerializerOptions));
                sha.AppendData([0]);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed class ReplayedResult(int status, string? location, string? json) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            if (json is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(json);
            }
        }
    }
}

internal static class IdempotencyExtensions
{
    /// <summary>Marks an endpoint as honouring <c>Idempotency-Key</c>.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) => builder.AddEndpointFilter<IdempotencyFilter>();
}
