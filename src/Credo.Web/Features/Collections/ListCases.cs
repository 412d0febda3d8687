using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>
/// Dispute and deduction cases: the open ones (default) or all, of one customer, of one owner ("mine"), soonest due
/// first; one case with its notes and attachments; an attachment's bytes.
/// </summary>
internal sealed class ListCases(CreditDb db)
{
    public async Task<Result<IReadOnlyList<CaseDto>>> Handle(string? status, string? customer, string? owner, CancellationToken ct)
    {
        var query = db.DisputeCases.AsQueryable();
        var open = DisputeCaseFlow.States.Where(DisputeCaseFlow.IsOpen).ToList();
        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "" or "open":
                query = query.Where(c => open.Contains(c.Status));
                break;
            case "all":
                break;
            case "resolved":
                query = query.Where(c => !open.Contains(c.Status));
                break;
            default:
                return new ValidationFailed("status", "The status is open, resolved or all.");
        }

        if (!string.IsNullOrWhiteSpace(customer))
        {
            if (await db.CustomerId(customer.Trim(), ct) is not { } id)
            {
                return new NotFound("Customer", customer);
            }

            query = query.Where(c => c.CustomerId == id);
        }

        if (!string.IsNullOrWhiteSpace(owner))
        {
            var who = owner.Trim();
            query = query.Where(c => c.Owner == who);
        }

        return Result<IReadOnlyList<CaseDto>>.Ok(await CaseViews.List(db, query, ct));
    }

    /// <summary>The cases of one customer as its buyer sees them (their status, the notes shared with them).</summary>
    public async Task<IReadOnlyList<CaseDto>> ForBuyer(long customerId, CancellationToken ct) =>
        await CaseViews.List(db, db.DisputeCases.Where(c => c.CustomerId == customerId), ct);

    public Task<CaseDto?> One(long id, bool buyerView, CancellationToken ct) => CaseViews.Load(db, id, buyerView, ct);

    public Task<CaseAttachment?> Attachment(long caseId, long attachmentId, CancellationToken ct) =>
        db.CaseAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == caseId, ct);

    public static async Task<IResult> Endpoint(string? status, string? customer, string? owner, System.Security.Claims.ClaimsPrincipal user, ListCases use, CancellationToken ct)
    {
        var who = string.Equals(owner, "mine", StringComparison.OrdinalIgnoreCase) ? Worklist.Me(user) ?? "-" : owner;
        var result = await use.Handle(status, customer, who, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> OneEndpoint(long id, ListCases use, CancellationToken ct) =>
        await use.One(id, false, ct) is { } c ? TypedResults.Ok(c) : Problems.NotFound("Case", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<IResult> AttachmentEndpoint(long id, long attachmentId, ListCases use, CancellationToken ct) =>
        await use.Attachment(id, attachmentId, ct) is { } a
            ? TypedResults.File(a.Content, a.ContentType, a.FileName)
            : Problems.NotFound("Attachment", attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
