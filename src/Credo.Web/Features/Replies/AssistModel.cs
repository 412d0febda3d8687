using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using Credo.Web.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Credo.Web.Features.Replies;

/// <summary>Settings of the collections assistant (section Collections:Assist). Everything is off until an endpoint and a model are set.</summary>
internal sealed class AssistOptions
{
    public const string Section = "Collections:Assist";

    /// <summary>An OpenAI-compatible endpoint including its version path, e.g. http://127.0.0.1:11434/v1 (a local model server) or a hosted one.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>The endpoint's key, when it asks for one (a local server usually does not).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long to wait for the model before the rules' reading stands alone.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Attachments larger than this are not kept.</summary>
    public long MaxAttachmentBytes { get; set; } = 10_000_000;

    public ImapOptions Imap { get; set; } = new();

    /// <summary>
    /// A reply the rules read with at least this confidence (percent) is applied without a person as the table
    /// <c>ReplyAutoApply</c> says: a promise or a dispute through the same use cases as a collector's confirmation;
    /// "paid" and "wrong contact" hold reminders for a check period and still wait for a person; an out-of-office
    /// answer with a return date holds the next reminder until then. Null (the default) leaves every reply to a person.
    /// </summary>
    public int? AutoApplyAtPercent { get; set; }

    /// <summary>A folder where .eml files dropped are taken in as replies (for sellers without IMAP); off when unset.</summary>
    public string? DropFolder { get; set; }

    /// <summary>How often the drop folder is looked at.</summary>
    public int DropSeconds { get; set; } = 60;

    public bool IsOn => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>What the model answered, or why it did not; the exchange is recorded either way.</summary>
internal sealed record AssistAnswer(string? Text, string Outcome)
{
    public bool Answered => Text is not null;
}

/// <summary>
/// The one door to a language model: Microsoft.Extensions.AI's <see cref="IChatClient"/> over any OpenAI-compatible
/// endpoint. Every prompt and answer (or failure) is added to <see cref="AssistExchange"/> in the caller's save. A model
/// that is down, slow or talks nonsense never stops the work: callers fall back to the rules and say so.
/// </summary>
internal sealed class AssistModel(CreditDb db, IOptions<AssistOptions> options, AssistChat chat)
{
    public bool IsOn => options.Value.IsOn;

    public string ModelName => options.Value.Model ?? string.Empty;

    public async Task<AssistAnswer> Ask(string purpose, string system, string prompt, long? customerId, long? replyId, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        AssistAnswer answer;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)));
        try
        {
            var response = await chat.Client.GetResponseAsync([new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Temperature = 0.2f }, timeout.Token);
            answer = string.IsNullOrWhiteSpace(response.Text) ? new AssistAnswer(null, "unusable") : new AssistAnswer(response.Text.Trim(), "answered");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            answer = new AssistAnswer(null, "timed out");
        }
        catch (Exception e) when (e is not OperationCanceledException) // an outside service: whatever it does wrong, the rules stand
        {
            answer = new AssistAnswer(null, "failed");
        }

        db.AssistExchanges.Add(new AssistExchange
        {
            Purpose = purpose, CustomerId = customerId, ReplyId = replyId, Model = ModelName, Prompt = Cut(system + "\n\n" + prompt), Response = answer.Text is { } t ? Cut(t) : null,
            Outcome = answer.Outcome, DurationMs = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds), AtUtc = db.UtcNow, By = db.Actor.Name,
        });
        return answer;
    }

    /// <summary>Why the model did not help, in a collector's words.</summary>
    public static string Why(string outcome) => outcome switch
    {
        "timed out" => "The language model did not answer in time",
        "unusable" => "The language model gave no usable answer",
        _ => "The language model could not be reached or answered with an error",
    };

    private static string Cut(string text) => text.Length > 20_000 ? text[..20_000] : text;
}

/// <summary>The chat client, built once from the settings (one HTTP pipeline for the app's life).</summary>
internal sealed class AssistChat(IOptions<AssistOptions> options)
{
    private readonly Lazy<IChatClient> _client = new(() => Build(options.Value));

    public IChatClient Client => _client.Value;

    private static IChatClient Build(AssistOptions o)
    {
        var settings = new OpenAIClientOptions
        {
            Endpoint = new Uri(o.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, o.TimeoutSeconds)),
            RetryPolicy = new ClientRetryPolicy(0), // a slow or failing model falls back to the rules at once
        };
        return new OpenAI.Chat.ChatClient(o.Model!, new ApiKeyCredential(string.IsNullOrWhiteSpace(o.ApiKey) ? "none" : o.ApiKey), settings).AsIChatClient();
    }
}
