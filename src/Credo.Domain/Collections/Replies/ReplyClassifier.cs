using System.Text;
using System.Text.RegularExpressions;
using Credo.Domain.Amounts;

namespace Credo.Domain.Collections.Replies;

/// <summary>What a customer's reply to a reminder says.</summary>
public enum ReplyLabel
{
    /// <summary>The customer says it is paid (a remittance advice, a payment date).</summary>
    Paid,

    /// <summary>The customer promises to pay by a date (and an amount, when named).</summary>
    Promise,

    /// <summary>The customer disputes an invoice (price, quantity, damaged, not received, billed twice).</summary>
    Dispute,

    /// <summary>The reminder reached the wrong person.</summary>
    WrongContact,

    /// <summary>An automatic out-of-office reply.</summary>
    OutOfOffice,

    /// <summary>The customer asks for a copy of an invoice.</summary>
    CopyRequest,

    /// <summary>Nothing the rules recognise: a person reads it.</summary>
    Other,
}

/// <summary>A reply as the classifier reads it: subject, the body as text, attachment file names, and the day it came.</summary>
public sealed record ReplyText(string Subject, string Body, IReadOnlyList<string> AttachmentNames, DateOnly ReceivedOn, Currency Currency);

/// <summary>One thing in the reply that counted towards a label, quoted.</summary>
public sealed record ReplyEvidence(ReplyLabel Label, string Says, string Quote);

/// <summary>
/// The classifier's reading of a reply: the label, a confidence in percent, what it read (promised or paid date,
/// amount, invoice references, dispute reason) and the evidence for each.
/// </summary>
public sealed record ReplyReading(
    ReplyLabel Label,
    int ConfidencePercent,
    DateOnly? On,
    Money? Amount,
    IReadOnlyList<string> Invoices,
    CaseReason? Reason,
    IReadOnlyList<ReplyEvidence> Evidence);

/// <summary>
/// The rules-based reply classifier: keywords in five languages (<see cref="ReplyLexicon"/>), dates
/// (<see cref="ReplyDates"/>), amounts and invoice references (<see cref="ReplyFigures"/>). Pure: it needs no
/// model and no network. The quoted reminder below the customer's words is cut off first, so the reminder's own
/// words never count.
/// </summary>
public static class ReplyClassifier
{
    /// <summary>When two labels score the same, the earlier one here wins (an auto-reply or a dispute matters most).</summary>
    private static readonly ReplyLabel[] Precedence =
        [ReplyLabel.OutOfOffice, ReplyLabel.WrongContact, ReplyLabel.Dispute, ReplyLabel.Paid, ReplyLabel.Promise, ReplyLabel.CopyRequest, ReplyLabel.Other];

    private static readonly Regex QuoteStart = new(
        @"^\s*(>|-{2,}\s*(original message|ursprungliche nachricht|message d'origine|oorspronkelijk bericht|mensaje original)|on .{3,80} wrote:|am .{3,80} schrieb|le .{3,80} a ecrit|op .{3,80} schreef|el .{3,80} escribio|from:|von:|de :|de:|van:|sent:|gesendet:)",
        RegexOptions.CultureInvariant | RegexOptions.Multiline, Credo.Domain.Common.PatternGuard.Timeout);

    private static readonly Regex RemittanceFile = new(@"(remittance|zahlungsavis|avis|payment|zahlung|paiement|betaling|pago|transfer|uberweisung|virement|overboeking|transferencia)", RegexOptions.CultureInvariant, Credo.Domain.Common.PatternGuard.Timeout);

    public static ReplyReading Classify(ReplyText reply)
    {
        var subject = Fold(reply.Subject);
        var body = OwnWords(Fold(reply.Body));
        var evidence = new List<ReplyEvidence>();
        var scores = Precedence.ToDictionary(l => l, _ => 0);
        Score(ReplyLexicon.SubjectCues, subject, scores, evidence);
        Score(ReplyLexicon.BodyCues, body, scores, evidence);
        foreach (var name in reply.AttachmentNames.Where(n => RemittanceFile.IsMatch(Fold(n))))
        {
            scores[ReplyLabel.Paid] += 3;
            evidence.Add(new ReplyEvidence(ReplyLabel.Paid, "has a payment advice attached", name));
        }

        var dates = ReplyDates.Find(body, reply.ReceivedOn);
        var ahead = dates.FirstOrDefault(d => d.On >= reply.ReceivedOn);
        var before = dates.FirstOrDefault(d => d.On <= reply.ReceivedOn);
        if (ahead is not null && scores[ReplyLabel.Promise] > 0)
        {
            scores[ReplyLabel.Promise] += 2;
            evidence.Add(new ReplyEvidence(ReplyLabel.Promise, "names a date ahead", ahead.Quote));
        }

        var label = Winner(scores);
        var second = scores.Where(s => s.Key != label).Max(s => s.Value);
        var amount = ReplyFigures.FirstAmount(body, reply.Currency);
        var on = label switch
        {
            ReplyLabel.Promise => ahead?.On,
            ReplyLabel.Paid => before?.On,
            ReplyLabel.OutOfOffice => ahead?.On, // the return date, when the answer gives one
            ReplyLabel.Dispute or ReplyLabel.WrongContact or ReplyLabel.CopyRequest or ReplyLabel.Other => null,
        };
        if (amount is not null && label is ReplyLabel.Promise or ReplyLabel.Paid)
        {
            evidence.Add(new ReplyEvidence(label, "names an amount", amount.Quote));
        }

        var reason = label == ReplyLabel.Dispute ? ReasonOf(body, evidence) : (CaseReason?)null;
        return new ReplyReading(
            label, Confidence(scores[label], second), on, label is ReplyLabel.Promise or ReplyLabel.Paid ? amount?.Amount : null,
            ReplyFigures.Invoices(body + "\n" + subject), reason, evidence.Where(e => e.Label == label).ToList());
    }

    private const string Accented = "àáâãäåāçćčèéêëēęěìíîïīłñńňòóôõöøōœšśùúûüūůýÿžźżß’";

    private const string Plain = "aaaaaaaccceeeeeeeiiiiilnnnoooooooossuuuuuuyyzzzs'";

    /// <summary>
    /// Lower case without accents, one character for one (so positions and quotes stay put). A table rather than
    /// Unicode normalisation: the host runs with invariant globalization.
    /// </summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var at = Accented.IndexOf(lower, StringComparison.Ordinal);
            folded.Append(at >= 0 ? Plain[at] : lower);
        }

        return folded.ToString();
    }

    /// <summary>The reply above the quoted reminder ("On ... wrote:", "&gt;" lines, "-----Original Message-----").</summary>
    public static string OwnWords(string folded)
    {
        var quote = QuoteStart.Match(folded);
        return quote.Success && quote.Index > 0 ? folded[..quote.Index] : folded;
    }

    private static void Score(IReadOnlyList<ReplyLexicon.Cue> cues, string text, Dictionary<ReplyLabel, int> scores, List<ReplyEvidence> evidence)
    {
        foreach (var cue in cues)
        {
            var m = cue.Pattern.Match(text);
            if (m.Success)
            {
                scores[cue.Label] += cue.Weight;
                evidence.Add(new ReplyEvidence(cue.Label, cue.Says, m.Value.Trim()));
            }
        }
    }

    private static ReplyLabel Winner(Dictionary<ReplyLabel, int> scores)
    {
        var top = scores.Values.Max();
        return top == 0 ? ReplyLabel.Other : Precedence.First(l => scores[l] == top);
    }

    /// <summary>How sure the rules are: more matched cues and a wider lead over the runner-up give more; nothing matched gives 30.</summary>
    public static int Confidence(int top, int second) => top == 0 ? 30 : Math.Clamp(45 + (5 * top) + (8 * (top - second)) - (4 * second), 35, 97);

    private static CaseReason ReasonOf(string body, List<ReplyEvidence> evidence)
    {
        foreach (var (reason, pattern) in ReplyLexicon.ReasonCues)
        {
            var m = pattern.Match(body);
            if (m.Success)
            {
                evidence.Add(new ReplyEvidence(ReplyLabel.Dispute, "gives the reason", m.Value.Trim()));
                return reason;
            }
        }

        return CaseReason.Other;
    }
}
