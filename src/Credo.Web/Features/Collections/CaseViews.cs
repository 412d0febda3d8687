using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

internal sealed record CaseNoteDto(DateTime AtUtc, string By, string Text, bool FromBuyer, bool SharedWithBuyer, long? AttachmentId, string? AttachmentName);

internal sealed record CaseAttachmentDto(long Id, string FileName, string ContentType, long SizeBytes);

/// <summary>A case as people and integrators read it; slugs for codes, words alongside.</summary>
internal sealed record CaseDto(
    long Id,
    string Customer,
    string CustomerName,
    string Invoice,
    string Kind,
    string Reason,
    string ReasonText,
    string Status,
    string StatusText,
    Amount Disputed,
    string? Owner,
    string Source,
    DateOnly OpenedOn,
    DateOnly DueOn,
    int DaysPastServiceLevel,
    string? ResolutionDocument,
    Amount? Resolved,
    IReadOnlyList<string> NextSteps,
    IReadOnlyList<CaseNoteDto> Notes,
    IReadOnlyList<CaseAttachmentDto> Attachments);

/// <summary>An uploaded file handed to a case (from a page's form or the portal); a file over the limit carries only its first bytes.</summary>
internal sealed record CaseUpload(string FileName, string? ContentType, byte[] Content, long SizeBytes)
{
    /// <summary>Reads a form's file, at most the size limit (a larger one is refused by its size, never read whole); null when none was sent.</summary>
    public static async Task<CaseUpload?> Read(IFormFile? file, CancellationToken ct)
    {
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            return null;
        }

        var take = file.Length > CaseAttachments.MaxBytes ? 512 : (int)file.Length;
        var content = new byte[take];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(content, ct);
        return new CaseUpload(file.FileName, file.ContentType, content, file.Length);
    }
}

/// <summary>Reads cases: one with its notes and attachments, or a list (notes left out).</summary>
internal static class CaseViews
{
    public static async Task<CaseDto?> Load(CreditDb db, long id, bool buyerView, CancellationToken ct)
    {
        var c = await db.DisputeCases.AsNoTracking().Include(x => x.Notes).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var attachments = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.Id)
            .Select(a => new CaseAttachmentDto(a.Id, a.FileName, a.ContentType, a.SizeBytes)).ToListAsync(ct);
        var names = attachments.ToDictionary(a => a.Id, a => a.FileName);
        var heads = await Heads(db, [c], ct);
        var notes = c.Notes.Where(n => !buyerView || n.FromBuyer || n.SharedWithBuyer).OrderBy(n => n.AtUtc).ThenBy(n => n.Id)
            .Select(n => new CaseNoteDto(n.AtUtc, Timeline.Who(n.By), n.Text, n.FromBuyer, n.SharedWithBuyer, n.AttachmentId, n.AttachmentId is { } a && names.TryGetValue(a, out var name) ? name : null)).ToList();
        return ToDto(c, heads[c.Id], db.Today(), notes, attachments);
    }

    public static async Task<IReadOnlyList<CaseDto>> List(CreditDb db, IQueryable<DisputeCase> query, CancellationToken ct)
    {
        var cases = await query.AsNoTracking().OrderBy(c => c.DueOn).ThenBy(c => c.Id).Take(500).ToListAsync(ct);
        var heads = await Heads(db, cases, ct);
        var today = db.Today();
        return [.. cases.Select(c => ToDto(c, heads[c.Id], today, [], []))];
    }

    private static async Task<Dictionary<long, (string Customer, string Name, string Invoice)>> Heads(CreditDb db, IReadOnlyList<DisputeCase> cases, CancellationToken ct)
    {
        var entryIds = cases.Select(c => c.EntryId).Distinct().ToList();
        var customerIds = cases.Select(c => c.CustomerId).Distinct().ToList();
        var invoices = await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Document ?? "#" + e.Id, ct);
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, Name = c.TradingName ?? c.LegalName }).ToDictionaryAsync(c => c.Id, ct);
        return cases.ToDictionary(c => c.Id, c => (customers[c.CustomerId].Number, customers[c.CustomerId].Name, invoices[c.EntryId]));
    }

    private static CaseDto ToDto(DisputeCase c, (string Customer, string Name, string Invoice) head, DateOnly today, IReadOnlyList<CaseNoteDto> notes, IReadOnlyList<CaseAttachmentDto> attachments) => new(
        c.Id,
        head.Customer,
        head.Name,
        head.Invoice,
        DisputeCaseFlow.Describe(c.Kind).ToLowerInvariant(),
        DisputeCaseFlow.Slug(c.Reason),
        DisputeCaseFlow.Describe(c.Reason),
        DisputeCaseFlow.Slug(c.Status),
        DisputeCaseFlow.Describe(c.Status),
        Amount.Of(c.DisputedMinor, c.Currency),
        c.Owner,
        c.Source,
        c.OpenedOn,
        c.DueOn,
        DisputeCaseFlow.DaysPastServiceLevel(c.Status, c.DueOn, today),
        c.ResolutionDocument,
        c.ResolvedMinor is { } r ? Amount.Of(r, c.Currency) : null,
        [.. DisputeCaseFlow.Events.Where(e => DisputeCaseFlow.Next(c.Status, e).IsOk).Select(DisputeCaseFlow.Slug)],
        notes,
        attachments);

    /// <summary>Adds a note to the case, with a checked attachment when one is given; the refusal names the field.</summary>
    public static Credo.Domain.Common.DomainError? Note(CreditDb db, DisputeCase c, string text, CaseUpload? upload, bool fromBuyer, bool shared = false)
    {
        CaseAttachment? attachment = null;
        if (upload is not null)
        {
            var head = upload.Content.AsMemory(0, Math.Min(upload.Content.Length, 512));
            var checkedType = CaseAttachments.Check(new UploadFacts(upload.FileName, upload.ContentType, upload.SizeBytes, head));
            if (!checkedType.IsOk)
            {
                return checkedType.Error;
            }

            attachment = new CaseAttachment
            {
                FileName = Path.GetFileName(upload.FileName.Trim()), ContentType = checkedType.Value!, SizeBytes = upload.SizeBytes,
                Content = upload.Content, UploadedAtUtc = db.UtcNow, UploadedBy = db.Actor.Name,
            };
            c.Attachments.Add(attachment);
        }

        if (text.Length > 0 || attachment is not null)
        {
            c.Notes.Add(new CaseNote
            {
                AtUtc = db.UtcNow, By = db.Actor.Name, FromBuyer = fromBuyer, SharedWithBuyer = fromBuyer || shared,
                Text = text.Length > 0 ? text : "Attached " + attachment!.FileName + ".", Attachment = attachment,
            });
        }

        return null;
    }
}
