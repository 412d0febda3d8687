using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// An OpenAI-compatible chat endpoint on a loopback port the OS picks: POST /v1/chat/completions answered in the real
/// response format. It can answer with a text, be down (503), be slow, or send garbage. It keeps every request body, so
/// tests can read what Credo sent to the model. No test reaches outside the machine.
/// </summary>
internal sealed class LoopbackModel : IAsyncDisposable
{
    public enum Mode
    {
        Answer,
        Down,
        Slow,
        Garbage,
    }

    private readonly WebApplication _app;

    private LoopbackModel(WebApplication app) => _app = app;

    public Mode Behaviour { get; set; } = Mode.Answer;

    /// <summary>What the assistant says when <see cref="Mode.Answer"/>.</summary>
    public string Content { get; set; } = "Hello.";

    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<LoopbackModel> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new LoopbackModel(app);
        app.MapPost("/v1/chat/completions", model.Complete);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        model.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return model;
    }

    private async Task Complete(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        Requests.Enqueue(await reader.ReadToEndAsync());
        switch (Behaviour)
        {
            case Mode.Down:
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
                return;
            case Mode.Slow:
                await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Mode.Garbage:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("<html>502 Bad Gateway</html>");
                return;
            case Mode.Answer:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-loopback",
                    @object = "chat.completion",
                    created = 1_796_601_600,
                    model = "loopback-model",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = Content }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 42, completion_tokens = 7, total_tokens = 49 },
                }));
                return;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
