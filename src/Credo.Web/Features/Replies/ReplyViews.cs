using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Replies;

/// <summary>A reply as the API and the inbox show it: what came in, what the rules read (with the evidence), what the model suggested.</summary>
internal sealed record ReplyDto(
    long Id, string Source, string From, string? FromName, string Subject, string Body, DateTime ReceivedAtUtc, string? Customer, string? CustomerName,
    long? AnswersReminder, string MatchedBy, string Label, string LabelText, int ConfidencePercent, DateOnly? On, Amount? Amount,
    IReadOnlyList<string> Invoices, string? Reason, IReadOnlyList<string> Evidence, IReadOnlyList<string> Attachments,
    IReadOnlyList<string> AttachmentProblems, string? ModelLabel, int? ModelConfidencePercent, string? ModelNote, string Status, string? DecidedBy, string? Outcome)
{
    public bool AlreadyReceived { get; init; }
}

/// <summary>Replies read back, and the words people read for labels, reasons and statuses.</summary>
internal static class ReplyViews
{
    public static async Task<ReplyDto?> One(CreditDb db, long id, CancellationToken ct) => (await Query(db, db.InboundReplies.Where(r => r.Id == id), ct)).SingleOrDefault();

    public static async Task<List<ReplyDto>> Query(CreditDb db, IQueryable<InboundReply> replies, CancellationToken ct)
    {
        var rows = await replies.AsNoTracking().ToListAsync(ct);
        var ids = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Number, c.LegalName }).ToDictionaryAsync(c => c.Id, ct);
        return rows.Select(r =>
        {
            var c = r.CustomerId is { } cid && customers.TryGetValue(cid, out var found) ? found : null;
            return new ReplyDto(
                r.Id, r.Source, r.FromAddress, r.FromName, r.Subject, r.Body, r.ReceivedAtUtc, c?.Number, c?.LegalName, r.DunningMessageId, r.MatchedBy,
                ReplyWords.Slug(r.Label), ReplyWords.Label(r.Label), r.ConfidencePercent, r.On, r.AmountMinor is { } m ? Amount.Of(m, r.Currency!) : null,
                Lines(r.Invoices), r.Reason is { } reason ? DisputeCaseFlow.Slug(reason) : null, Lines(r.Evidence), Lines(r.Attachments), Lines(r.AttachmentProblems),
                r.ModelLabel is { } ml ? ReplyWords.Slug(ml) : null, r.ModelConfidencePercent, r.ModelNote, ReplyWords.Status(r.Status), r.DecidedBy, r.Outcome);
        }).ToList();
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}

internal static class ReplyWords
{
    public static IReadOnlyList<ReplyLabel> Labels { get; } = Enum.GetValues<ReplyLabel>();

    public static string Slug(ReplyLabel label) => label switch
    {
        ReplyLabel.Paid => "paid",
        ReplyLabel.Promise => "promise",
        ReplyLabel.Dispute => "dispute",
        ReplyLabel.WrongContact => "wrong-contact",
        ReplyLabel.OutOfOffice => "out-of-office",
        ReplyLabel.CopyRequest => "copy-request",
        ReplyLabel.Other => "other",
    };

    public static string Label(ReplyLabel label) => label switch
    {
        ReplyLabel.Paid => "Says it is paid",
        ReplyLabel.Promise => "Promises to pay",
        ReplyLabel.Dispute => "Disputes an invoice",
        ReplyLabel.WrongContact => "Wrong contact",
        ReplyLabel.OutOfOffice => "Out of office",
        ReplyLabel.CopyRequest => "Asks for a copy of an invoice",
        ReplyLabel.Other => "Something else",
    };

    public static ReplyLabel? Parse(string? slug) => Labels.Cast<ReplyLabel?>().FirstOrDefault(l => Slug(l!.Value) == slug?.Trim().ToLowerInvariant());

    public static string Status(ReplyStatus status) => status switch
    {
        ReplyStatus.Waiting => "waiting",
        ReplyStatus.Confirmed => "confirmed",
        ReplyStatus.Discarded => "discarded",
        ReplyStatus.AppliedAutomatically => "applied automatically",
    };

    /// <summary>The subject without the reply and forward prefixes mail programs add (Re:, AW:, RE:, TR:, Fwd:, WG:, SV:).</summary>
    public static string PlainSubject(string subject)
    {
        var s = subject.Trim();
        while (System.Text.RegularExpressions.Regex.Match(s, @"^(re|aw|tr|fw|fwd|wg|sv|antw|rif|r)\s*:\s*", System.Text.RegularExpressions.RegexOptions.IgnoreCase, Credo.Domain.Common.PatternGuard.Timeout) is { Success: true } m)
        {
            s = s[m.Length..];
        }

        return s;
    }
}
