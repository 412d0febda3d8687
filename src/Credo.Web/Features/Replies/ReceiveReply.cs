using Credo.Domain.Amounts;
using Credo.Domain.Collections.Replies;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Replies;

/// <summary>An attachment as the message carried it: its name, type and size (its content is not kept).</summary>
internal sealed record ReplyAttachment(string? Name, string? ContentType, long Size);

/// <param name="MessageId">The message's Message-ID: the same message given twice is taken once.</param>
/// <param name="InReplyTo">The Message-ID of the reminder it answers, when the mail program kept it.</param>
internal sealed record ReceiveReplyRequest(
    string? MessageId, string? From, string? FromName, string? Subject, string? Body, string? InReplyTo = null,
    IReadOnlyList<ReplyAttachment>? Attachments = null, DateTimeOffset? ReceivedAt = null);

/// <summary>
/// Takes in a customer's reply (from the API, the mail drop or IMAP), once per Message-ID: matches it to the customer and
/// the reminder it answers, checks its attachments, reads it with the rules-based classifier and, when a language model
/// is configured, asks it for a suggestion beside the rules' reading. Nothing changes on the account: the reply waits
/// for a collector (<see cref="DecideReply"/>), unless the seller set a threshold and the reading is a promise or a
/// dispute at least that sure (<see cref="ReplyAutoApply"/>): the assistant then applies it as a collector would.
/// </summary>
internal sealed class ReceiveReply(CreditDb db, AssistModel model, DecideReply decide, IOptions<AssistOptions> options)
{
    public async Task<Result<ReplyDto>> Handle(ReceiveReplyRequest request, string source, CancellationToken ct)
    {
        if (Check(request) is { } bad)
        {
            return bad;
        }

        var key = request.MessageId!.Trim().Trim('<', '>').Trim();
        if (await AlreadyReceived(key, ct) is { } seen)
        {
            return seen;
        }

        var from = request.From!.Trim().ToLowerInvariant();
        var match = await ReplyMatching.Match(db, from, request.InReplyTo, request.Subject ?? string.Empty, request.Body ?? string.Empty, ct);
        var receivedAt = request.ReceivedAt?.UtcDateTime ?? db.UtcNow;
        var (names, problems) = Attachments(request.Attachments ?? [], options.Value.MaxAttachmentBytes);
        var text = new ReplyText(request.Subject ?? string.Empty, request.Body ?? string.Empty, names, DateOnly.FromDateTime(receivedAt), Currency.Of(match.Currency));
        var reading = ReplyClassifier.Classify(text);
        reading = reading with { Invoices = await ReplyMatching.Documents(db, reading.Invoices, match.CustomerId, ct) };
        var reply = NewReply(request, source, key, from, receivedAt, match, names, problems, reading);
        db.InboundReplies.Add(reply);
        db.Publish(new ReplyReceived(reply.MessageKey, match.CustomerNumber, ReplyWords.Slug(reading.Label), reading.ConfidencePercent, source));
        try
        {
            await db.SaveChangesAsync(ct); // the reply, complete with the rules' reading, before the model is asked (no lock held while it thinks)
        }
        catch (DbUpdateException)
        {
            // Two pollers (a schedule and a person, or two instances) took the same message at once: the other saved it
            // first (the unique message key refused this one), so it is already received; anything else is a real error.
            db.ChangeTracker.Clear();
            if (await AlreadyReceived(key, ct) is { } taken)
            {
                return taken;
            }

            throw;
        }

        if (model.IsOn)
        {
            await ModelReading.Suggest(model, reply, text, reading, ct);
            await db.SaveChangesAsync(ct); // the exchange and the suggestion; a model that fails leaves the reply as it was
        }

        // Only the caller that created the reply gets here (a repeat returned above), so a reply is applied at most once.
        var verdict = ReplyAutoApply.Decide(reply.Label, reply.ConfidencePercent, reply.ModelLabel, options.Value.AutoApplyAtPercent, reply.ReceivedOn, reply.On);
        if (verdict.Apply)
        {
            await decide.ApplyAutomatically(reply.Id, verdict, ct);
        }

        return (await ReplyViews.One(db, reply.Id, ct))!;
    }

    /// <summary>The reply already taken in under this message key, marked as such; null when there is none.</summary>
    private async Task<Result<ReplyDto>?> AlreadyReceived(string key, CancellationToken ct)
    {
        if (await db.InboundReplies.AsNoTracking().SingleOrDefaultAsync(r => r.MessageKey == key, ct) is not { } seen)
        {
            return null;
        }

        return await ReplyViews.One(db, seen.Id, ct) is { } dto ? dto with { AlreadyReceived = true } : new NotFound("Reply", key);
    }

    private static ValidationFailed? Check(ReceiveReplyRequest request)
    {
        if (request.MessageId is not { Length: > 0 and <= 500 } id || string.IsNullOrWhiteSpace(id))
        {
            return new ValidationFailed("messageId", "The message's Message-ID is needed (at most 500 characters): a message is taken once.");
        }

        if (request.From is not { } from || from.Trim().Length is 0 or > 320 || !from.Contains('@', StringComparison.Ordinal))
        {
            return new ValidationFailed("from", "The sender's email address is needed.");
        }

        if (request.Subject is { Length: > 500 })
        {
            return new ValidationFailed("subject", "A subject is at most 500 characters.");
        }

        return request.Body is { Length: > 20_000 } ? new ValidationFailed("body", "A reply's text is at most 20,000 characters.") : null;
    }

    /// <summary>Attachments kept by name; one too large or of a type a reply should not carry is refused and said why.</summary>
    internal static (List<string> Names, List<string> Problems) Attachments(IReadOnlyList<ReplyAttachment> attachments, long maxBytes)
    {
        string[] allowed = ["application/pdf", "image/png", "image/jpeg", "text/plain", "text/csv", "application/xml", "text/xml"];
        var names = new List<string>();
        var problems = new List<string>();
        foreach (var a in attachments.Take(20))
        {
            var name = string.IsNullOrWhiteSpace(a.Name) ? "(no name)" : a.Name.Trim()[..Math.Min(a.Name.Trim().Length, 150)];
            var type = (a.ContentType ?? string.Empty).Trim().ToLowerInvariant();
            if (a.Size > maxBytes)
            {
                problems.Add($"{name}: larger than {maxBytes / 1_000_000} MB, not kept");
            }
            else if (!allowed.Contains(type))
            {
                problems.Add($"{name}: a file of this type is not accepted");
            }
            else
            {
                names.Add(name);
            }
        }

        return (names, problems);
    }

    private InboundReply NewReply(ReceiveReplyRequest request, string source, string key, string from, DateTime receivedAt, ReplyMatch match, List<string> names, List<string> problems, ReplyReading reading) => new()
    {
        Source = source, MessageKey = key, InReplyTo = Trim(request.InReplyTo, 500), FromAddress = from, FromName = Trim(request.FromName, 200),
        Subject = Trim(request.Subject, 500) ?? string.Empty, Body = request.Body ?? string.Empty, Attachments = string.Join('\n', names),
        AttachmentProblems = string.Join('\n', problems), ReceivedAtUtc = receivedAt, ReceivedOn = DateOnly.FromDateTime(receivedAt),
        CustomerId = match.CustomerId, DunningMessageId = match.DunningMessageId, MatchedBy = match.MatchedBy,
        Label = reading.Label, ConfidencePercent = reading.ConfidencePercent, On = reading.On, AmountMinor = reading.Amount?.Minor,
        Currency = reading.Amount?.Currency.Code, Invoices = string.Join('\n', reading.Invoices), Reason = reading.Reason,
        Evidence = string.Join('\n', reading.Evidence.Select(e => $"{e.Says}: \u201c{e.Quote}\u201d")), Status = ReplyStatus.Waiting,
    };

    private static string? Trim(string? text, int max) => text is null ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];

    public static async Task<IResult> Endpoint(ReceiveReplyRequest request, ReceiveReply use, CancellationToken ct)
    {
        var result = await use.Handle(request, "api", ct);
        return !result.IsOk ? result.Error!.ToProblem()
            : result.Value!.AlreadyReceived ? TypedResults.Ok(result.Value) : TypedResults.Created($"/api/collections/replies/{result.Value.Id}", result.Value);
    }
}

/// <summary>How a reply was tied to a customer and the reminder it answers.</summary>
internal sealed record ReplyMatch(long? CustomerId, string? CustomerNumber, long? DunningMessageId, string MatchedBy, string Currency);

internal static class ReplyMatching
{
    /// <summary>
    /// The reminder it answers: by In-Reply-To (the outbox's Message-ID of the email that carried it), else the latest
    /// reminder sent to the sender with the same subject, else the latest sent to the sender. Without a reminder, the
    /// customer whose own address it is, else the customer of an invoice it names.
    /// </summary>
    public static async Task<ReplyMatch> Match(CreditDb db, string from, string? inReplyTo, string subject, string body, CancellationToken ct)
    {
        var plain = ReplyWords.PlainSubject(subject);
        var sent = await db.DunningMessages.AsNoTracking().Where(m => m.Recipient.ToLower() == from)
            .OrderByDescending(m => m.SentAtUtc).Select(m => new { m.Id, m.CustomerId, m.Subject }).Take(50).ToListAsync(ct);
        var answered = await ByOutbox(db, inReplyTo, ct) is { } email ? sent.FirstOrDefault(m => m.Subject == email.Subject) : null;
        var how = "the reminder it answers";
        answered ??= sent.FirstOrDefault(m => m.Subject == plain);
        answered ??= sent.FirstOrDefault();
        long? customerId = answered?.CustomerId;
        if (customerId is null)
        {
            how = "the sender's address";
            customerId = await db.Customers.Where(c => c.Email != null && c.Email.ToLower() == from).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        }

        if (customerId is null)
        {
            how = "an invoice it names";
            var named = ReplyFigures.Invoices(ReplyClassifier.Fold(subject + "\n" + body));
            customerId = await db.Entries.Where(e => e.Kind == EntryKind.Invoice && named.Contains(e.Document!.ToUpper())).Select(e => (long?)e.CustomerId).FirstOrDefaultAsync(ct);
        }

        if (customerId is null)
        {
            return new ReplyMatch(null, null, null, "no customer found: a collector assigns it", "EUR");
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Number, c.Currency }).SingleAsync(ct);
        return new ReplyMatch(customerId, customer.Number, answered?.Id, how, customer.Currency);
    }

    /// <summary>The references as the ledger writes them (the reply's text is read folded to lower case); one the customer has no invoice for stays as read.</summary>
    public static async Task<IReadOnlyList<string>> Documents(CreditDb db, IReadOnlyList<string> references, long? customerId, CancellationToken ct)
    {
        if (references.Count == 0 || customerId is null)
        {
            return references;
        }

        var known = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && references.Contains(e.Document!.ToUpper()))
            .Select(e => e.Document!).ToListAsync(ct);
        return references.Select(r => known.FirstOrDefault(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase)) ?? r).ToList();
    }

    private static async Task<OutboxEmail?> ByOutbox(CreditDb db, string? inReplyTo, CancellationToken ct)
    {
        // EmailDelivery gives each email the Message-ID <outbox-{id}@credo.local>.
        var text = inReplyTo?.Trim().Trim('<', '>') ?? string.Empty;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (!text.StartsWith("outbox-", StringComparison.Ordinal) || at < 8 || !long.TryParse(text[7..at], System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var row = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        return row is null ? null : OutboxEmail.Read(row);
    }
}
