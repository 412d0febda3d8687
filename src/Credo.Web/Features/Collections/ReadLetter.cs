using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>A dunning letter exactly as it was sent: the stored PDF of a letter-level message.</summary>
internal sealed class ReadLetter(CreditDb db)
{
    public async Task<(string Customer, DateOnly On, byte[] Pdf)?> Handle(long messageId, CancellationToken ct)
    {
        var row = await db.DunningMessages.AsNoTracking().Where(m => m.Id == messageId && m.LetterPdf != null)
            .Join(db.Customers, m => m.CustomerId, c => c.Id, (m, c) => new { c.Number, m.RunOn, m.LetterPdf })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Number, row.RunOn, row.LetterPdf!);
    }

    public static async Task<IResult> Endpoint(long id, ReadLetter use, CancellationToken ct) =>
        await use.Handle(id, ct) is { } letter
            ? TypedResults.File(letter.Pdf, "application/pdf", $"letter-{letter.Customer}-{letter.On:yyyy-MM-dd}.pdf")
            : Infrastructure.Problems.NotFound("Letter", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
