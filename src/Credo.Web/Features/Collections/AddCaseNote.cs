using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <param name="ShareWithBuyer">Show the note to the buyer in the portal.</param>
internal sealed record CaseNoteRequest(string? Text, bool ShareWithBuyer = false);

/// <summary>Adds a note (and a checked attachment) to a case, from staff or from the case's buyer; a note is never changed.</summary>
internal sealed class AddCaseNote(CreditDb db)
{
    /// <param name="buyerCustomerId">Set when the buyer writes: the case must be one of that customer's.</param>
    public async Task<Result<CaseDto>> Handle(long id, CaseNoteRequest request, CaseUpload? upload, long? buyerCustomerId, CancellationToken ct)
    {
        var text = request.Text?.Trim() ?? string.Empty;
        if (text.Length > 2000)
        {
            return new ValidationFailed("text", "A note is at most 2000 characters.");
        }

        if (text.Length == 0 && upload is null)
        {
            return new ValidationFailed("text", "Write a note or attach a file.");
        }

        var c = await db.DisputeCases.SingleOrDefaultAsync(x => x.Id == id && (buyerCustomerId == null || x.CustomerId == buyerCustomerId), ct);
        if (c is null)
        {
            return new NotFound("Case", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (CaseViews.Note(db, c, text, upload, fromBuyer: buyerCustomerId is not null, shared: request.ShareWithBuyer) is { } bad)
        {
            return bad;
        }

        await db.SaveChangesAsync(ct);
        return (await CaseViews.Load(db, id, buyerCustomerId is not null, ct))!;
    }

    public static async Task<IResult> Endpoint(long id, CaseNoteRequest request, AddCaseNote use, CancellationToken ct)
    {
        var result = await use.Handle(id, request, null, null, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
