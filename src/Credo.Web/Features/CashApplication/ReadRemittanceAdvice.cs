using System.Text;
using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// A remittance advice that arrived apart from the money: its bytes (an email body, a CSV file, a PDF with a text
/// layer), the line it explains when a person knows it, and its currency when no line is named.
/// </summary>
internal sealed record RemittanceAdviceRequest(byte[] Content, long? LineId, string? Currency);

/// <summary>
/// What the advice did: what was understood (its form, invoices, total, in words), the line it was linked to and the
/// line's status after, or "waiting" (no line of its total yet: kept until its money arrives; <see cref="LineId"/> null).
/// </summary>
/// <summary>An advice waiting for its money, as a page lists it.</summary>
internal sealed record WaitingAdviceDto(long Id, DateTime ReceivedAtUtc, string Said, string? Total, string By);

internal sealed record RemittanceAdviceResult(long? LineId, string Form, IReadOnlyList<string> Invoices, string? Total, string Status, long AdviceId = 0, string? Said = null);

/// <summary>
/// Reads a remittance advice (issue 15 §3) into the invoices and amounts a payment covers, keeps it (append-only), links
/// it to the bank line it explains (the line named, else the one undecided, suggested or unmatched line of the advice's
/// total) and feeds the same matcher again with the advice's invoice numbers (<see cref="MatchBankLines.Redecide"/>):
/// applied, suggested or unmatched by the same thresholds, and the advice said in the line's evidence. An advice whose
/// money has not arrived waits: the matching run that meets the one line of its total decides it with the advice.
/// </summary>
internal sealed class ReadRemittanceAdvice(CreditDb db, MatchBankLines matcher)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Rows read from a CSV advice (the domain refuses more than 500 invoices anyway).</summary>
    private const int MaxCsvRows = 10_000;

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

        var advice = Understand(form, text, currency.Value);
        if (!advice.IsOk)
        {
            return advice.Error!;
        }

        return line is not null ? await Link(line, advice.Value!, text, ct) : await LinkOrKeep(advice.Value!, text, ct);
    }

    /// <summary>No line named: the one waiting line of the advice's total, else the advice waits for its money (it needs a total to be recognised by).</summary>
    private async Task<Result<RemittanceAdviceResult>> LinkOrKeep(RemittanceAdvice advice, string text, CancellationToken ct)
    {
        if (await LineOf(advice, ct) is { } line)
        {
            return await Link(line, advice, text, ct);
        }

        if (advice.Total is null)
        {
            return new Refusal("no-line", "The advice states no total and gives no amount per invoice, so its money cannot be recognised when it arrives: name the line the advice explains.", "line");
        }

        var kept = await Keep(advice, text, advice.Total.Value.Currency.Code, ct);
        return Result(null, advice, kept.Id, "waiting");
    }

    /// <summary>
    /// The email body, PDF text or CSV file read: a CSV (a header of words naming a document column) through the one
    /// CSV reader (<see cref="CsvSource.Table"/>), anything else as text.
    /// </summary>
    private static Result<RemittanceAdvice> Understand(AdviceForm form, string text, Currency currency) =>
        form != AdviceForm.Pdf && CsvSource.Table(text, MaxCsvRows) is { } table && RemittanceAdvices.NamesDocuments(table.Header)
            && !table.Header.Any(h => h.Any(char.IsAsciiDigit))
            ? RemittanceAdvices.FromTable(table.Header, table.Rows, currency)
            : RemittanceAdvices.Read(text, form, currency);

    private async Task<RemittanceAdviceRecord> Keep(RemittanceAdvice advice, string text, string currency, CancellationToken ct)
    {
        var record = new RemittanceAdviceRecord
        {
            Form = FormWord(advice.Form),
            Currency = currency,
            TotalMinor = advice.Total?.Minor,
            Invoices = string.Join('\n', advice.Lines.Select(l => l.Reference)),
            Said = advice.Said,
            Text = text.Length > RemittanceAdviceRecord.MaxText ? text[..RemittanceAdviceRecord.MaxText] : text,
            ReceivedAtUtc = db.UtcNow,
            By = db.Actor.Name,
        };
        await using var tx = await OwnedTransaction.Begin(db, ct);
        db.RemittanceAdvices.Add(record);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return record;
    }

    private async Task<Result<RemittanceAdviceResult>> Link(BankLine line, RemittanceAdvice advice, string text, CancellationToken ct)
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

        var kept = await Keep(advice, text, line.Currency, ct);
        var status = await matcher.Redecide(line, (latest?.Sequence ?? 0) + 1, advice.AsRemittance, advice.Said, ct, kept.Id);
        if (status is null)
        {
            return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
        }

        return Result(line.Id, advice, kept.Id, LineStatusWord(status.Value));
    }

    /// <summary>Advices kept until their money arrives (no decision names them yet), newest first.</summary>
    public async Task<List<WaitingAdviceDto>> Waiting(int take, CancellationToken ct) =>
        [.. (await db.RemittanceAdvices.AsNoTracking().Where(a => !db.BankLineDecisions.Any(d => d.AdviceId == a.Id))
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(ct))
            .Select(a => new WaitingAdviceDto(a.Id, a.ReceivedAtUtc, a.Said, a.TotalMinor is { } t ? new Money(t, Currency.Of(a.Currency)).ToDisplayString() : null, a.By))];

    private static RemittanceAdviceResult Result(long? lineId, RemittanceAdvice advice, long adviceId, string status) =>
        new(lineId, FormWord(advice.Form), [.. advice.Lines.Select(l => l.Reference)], advice.Total?.ToDisplayString(), status, adviceId, advice.Said);

    private static string FormWord(AdviceForm form) => form.ToString().ToLowerInvariant();

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

    /// <summary>The advice's form and text: a PDF's text layer (PdfPig), else text (an email body, or a CSV file: <see cref="Understand"/> tells).</summary>
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

        return (AdviceForm.Email, Encoding.UTF8.GetString(content).TrimStart('\uFEFF'));
    }

    private static string LineStatusWord(BankLineStatus status) => status switch
    {
        BankLineStatus.Applied => "applied",
        BankLineStatus.Suggested => "suggested",
        BankLineStatus.Unmatched => "unmatched",
    };
}
