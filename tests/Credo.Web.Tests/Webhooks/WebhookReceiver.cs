using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Webhooks;

/// <summary>What the receiver answers to one request; after a path's script runs out it answers 200.</summary>
internal sealed record Reply(int Status, string? Body = null, string? Location = null, bool Hang = false)
{
    public static Reply Ok { get; } = new(200);
}

/// <summary>One request as the receiver saw it, with whether its signature verified with the path's secret(s).</summary>
internal sealed record Delivery(string Path, string Id, long Timestamp, string Signature, string Body, bool SignatureValid)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");
}

/// <summary>
/// An order system's webhook endpoint for tests: Kestrel bound to 127.0.0.1 on a free port (loopback only). Each
/// path has its secrets (set after the subscription is created) and a script of replies; every request is kept, and
/// its Standard Webhooks signature is checked the way a receiver would (docs/webhooks.md).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new();
    private readonly ConcurrentDictionary<string, string[]> _secrets = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Received { get; } = new();

    /// <summary>Completed when a <see cref="Reply.Hang"/> request has arrived (and is hanging).</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.Handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    public string Url(string path) => $"{BaseUrl}/{path}";

    public void Secrets(string path, params string[] secrets) => _secrets[path] = secrets;

    public void Script(string path, params Reply[] replies) => _scripts[path] = new ConcurrentQueue<Reply>(replies);

    public List<Delivery> At(string path) => [.. Received.Where(d => d.Path == path)];

    /// <summary>The Standard Webhooks check, as in docs/webhooks.md: any v1 signature made with the secret matches.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatureHeader.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private async Task Handle(HttpContext context, string path)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var valid = _secrets.TryGetValue(path, out var secrets) && secrets.All(s => Verify(s, id, timestamp, body, signature));
        Received.Enqueue(new Delivery(path, id, long.TryParse(timestamp, out var t) ? t : 0, signature, body, valid));

        var reply = _scripts.TryGetValue(path, out var script) && script.TryDequeue(out var next) ? next : Reply.Ok;
        if (reply.Hang)
        {
            Hanging.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.Location is not null)
        {
            context.Response.Headers.Location = reply.Location;
        }

        if (reply.Body is not null)
        {
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
