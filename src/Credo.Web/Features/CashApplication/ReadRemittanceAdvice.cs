using System.Text;
using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// A remittance advice that arrived apart from the money: its bytes (an email body, a CSV file, a PDF with a text
/// layer), the line it explains when a person knows it, and its currency when no line is named.
/// </summary>
internal sealed record RemittanceAdviceRequest(byte[] Content, long? LineId, string? Currency);

/// <summary>What the advice did: the line it was linked to, the invoices it named, and the line's status after.</summary>
internal sealed record RemittanceAdviceResult(long LineId, string Form, IReadOnlyList<string> Invoices, string? Total, string Status);

/// <summary>
/// Reads a remittance advice (issue 15 §3) into the invoices and amounts a payment covers, links it to the bank line
/// it explains (the line named, else the one undecided, suggested or unmatched line of the advice's total) and feeds
/// the same matcher again with the advice's invoice numbers (<see cref="MatchBankLines.Redecide"/>): applied, suggested
/// or unmatched by the same thresholds, and the advice said in the line's evidence.
/// </summary>
internal sealed class ReadRemittanceAdvice(CreditDb db, MatchBankLines matcher)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public async Task<Result<RemittanceAdviceResult>> Handle(RemittanceAdviceRequest request, CancellationToken ct)
    {
        if (request.Content.Length is 0 or > MaxBytes)
        {
            return new ValidationFailed("file", "Send the advice (an email body, a CSV file or a PDF) of at most 5 MB.");
        }

        var (form, text) = Text(request.Content);
        if (text is null)
        {
            return new ValidationFailed("file", "The PDF has no text to read (a scanned image?); send the advice as text or CSV.");
        }

        var line = request.LineId is { } id ? await db.BankLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) : null;
        if (request.LineId is { } missing && line is null)
        {
            return new NotFound("Bank line", missing.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!Currency.TryParse(line?.Currency ?? request.Currency ?? "", out var currency))
        {
            return new ValidationFailed("currency", "Name the bank line the advice explains, or the advice's currency (such as EUR).");
        }

        var advice = RemittanceAdvices.Read(text, form, currency.Value);
        if (!advice.IsOk)
        {
            return advice.Error!;
        }

        var target = line is not null ? line : await LineOf(advice.Value!, ct);
        if (target is null)
        {
            return new Refusal("no-line", $"No bank line waiting of {advice.Value!.Total?.ToDisplayString() ?? "the advice's total"} in exactly one way: name the line the advice explains.", "line");
        }

        return await Link(target, advice.Value!, ct);
    }

    private async Task<Result<RemittanceAdviceResult>> Link(BankLine line, RemittanceAdvice advice, CancellationToken ct)
    {
        if (!line.Booked || line.AmountMinor <= 0)
        {
            return new Refusal("not-a-payment", "The line is not money received.", "line");
        }

        var latest = await db.Latest(line.Id, ct);
        if (latest is { Status: BankLineStatus.Applied })
        {
            return new Refusal("already-applied", "This line is applied already; undo it first to match it with the advice.", "line");
        }

        var status = await matcher.Redecide(line, (latest?.Sequence ?? 0) + 1, advice.AsRemittance, advice.Said, ct);
        if (status is null)
        {
            return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
        }

        return new RemittanceAdviceResult(line.Id, advice.Form.ToString().ToLowerInvariant(), [.. advice.Lines.Select(l => l.Reference)], advice.Total?.ToDisplayString(), LineStatusWord(status.Value));
    }

    /// <summary>The one line not applied yet whose amount is the advice's total, in its currency; null if none or several.</summary>
    private async Task<BankLine?> LineOf(RemittanceAdvice advice, CancellationToken ct)
    {
        if (advice.Total is not { } total)
        {
            return null;
        }

        var code = total.Currency.Code;
        var candidates = await db.BankLines.AsNoTracking()
            .Where(l => l.Booked && l.AmountMinor == total.Minor && l.Currency == code
                && !db.BankLineDecisions.Any(d => d.LineId == l.Id && d.Status == BankLineStatus.Applied
                    && d.Sequence == db.BankLineDecisions.Where(x => x.LineId == l.Id).Max(x => x.Sequence)))
            .Take(2).ToListAsync(ct);
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>The advice's form and text: a PDF's text layer (PdfPig), a CSV file (a header with a delimiter), else an email body.</summary>
    public static (AdviceForm Form, string? Text) Text(byte[] content)
    {
        if (content.AsSpan().StartsWith("%PDF-"u8))
        {
            try
            {
                using var pdf = PdfDocument.Open(content);
                var text = string.Join('\n', pdf.GetPages().SelectMany(p => p.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key)
                    .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))));
                return (AdviceForm.Pdf, text.Trim().Length == 0 ? null : text);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or UglyToad.PdfPig.Core.PdfDocumentFormatException)
            {
                return (AdviceForm.Pdf, null);
            }
        }

        var body = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        var header = body.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        // At least two cells: an email opening "Hello," is a greeting, not a CSV header.
        var cells = header.Split([',', ';', '\t']).Count(c => c.Trim().Length > 0);
        var csv = cells >= 2 && ((header.Any(c => c is ';' or ',' or '\t') && !header.Contains(' ', StringComparison.Ordinal)) || header.Any(c => c is ';' or '\t'));
        return (csv ? AdviceForm.Csv : AdviceForm.Email, body);
    }

    private static string LineStatusWord(BankLineStatus status) => status switch
    {
        BankLineStatus.Applied => "applied",
        BankLineStatus.Suggested => "suggested",
        BankLineStatus.Unmatched => "unmatched",
    };
}
