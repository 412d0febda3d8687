using System.Text.Json;
using Credo.Domain.Collections.Replies;
using Credo.Web.Data;

namespace Credo.Web.Features.Replies;

/// <summary>
/// Asks the language model how it reads a reply, as a suggestion beside the rules' reading (it never changes the
/// label the collector confirms from). The prompt carries the reply's own words without the sender's address or name.
/// </summary>
internal static class ModelReading
{
    private const string System =
        "You read a customer's reply to a payment reminder for a B2B seller. Answer with one JSON object only: " +
        "{\"label\": one of \"paid\", \"promise\", \"dispute\", \"wrong-contact\", \"out-of-office\", \"copy-request\", \"other\", " +
        "\"confidence\": a number from 0 to 100, \"note\": one short sentence saying why}. Do not add anything else.";

    public static async Task Suggest(AssistModel model, InboundReply reply, ReplyText text, ReplyReading rules, CancellationToken ct)
    {
        var words = ReplyClassifier.OwnWords(text.Body);
        var prompt = $"Subject: {ReplyWords.PlainSubject(text.Subject)}\nReceived on: {Infrastructure.PlainWords.Date(text.ReceivedOn)}\nAttachments: {string.Join(", ", text.AttachmentNames)}\n\nReply:\n{(words.Length > 4000 ? words[..4000] : words)}";
        var answer = await model.Ask("reply-reading", System, prompt, reply.CustomerId, reply.Id, ct);
        if (!answer.Answered)
        {
            reply.ModelNote = $"{AssistModel.Why(answer.Outcome)}; the rules' reading stands.";
            return;
        }

        if (Parse(answer.Text!) is not { } read)
        {
            reply.ModelNote = $"{AssistModel.Why("unusable")}; the rules' reading stands.";
            return;
        }

        reply.ModelLabel = read.Label;
        reply.ModelConfidencePercent = read.Confidence;
        var agrees = read.Label == rules.Label ? "agrees with the rules" : "reads it differently from the rules";
        reply.ModelNote = $"The language model {agrees}: {ReplyWords.Label(read.Label).ToLowerInvariant()}" + (read.Note is { Length: > 0 } n ? $" ({n})" : string.Empty) + ".";
    }

    /// <summary>The model's JSON, tolerating a code fence around it; null when it is not the asked shape.</summary>
    internal static (ReplyLabel Label, int Confidence, string? Note)? Parse(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text[start..(end + 1)]);
            var root = doc.RootElement;
            if (!root.TryGetProperty("label", out var l) || l.ValueKind != JsonValueKind.String || ReplyWords.Parse(l.GetString()) is not { } label)
            {
                return null;
            }

            var confidence = root.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? (int)Math.Clamp(c.GetDouble(), 0, 100) : 50;
            var note = root.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()?.Trim() : null;
            return (label, confidence, note is { Length: > 300 } ? note[..300] : note);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
