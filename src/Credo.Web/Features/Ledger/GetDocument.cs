using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>One invoice, credit note or payment by its number, with lines, allocations, applied entries and disputes.</summary>
internal sealed class GetDocument(CreditDb db, IPaymentOutlooks outlooks)
{
    public async Task<Result<DocumentDto>> Handle(DocumentQuery request, CancellationToken ct)
    {
        var id = await db.Entries.Where(e => e.Kind == request.Kind && e.Document == request.Document)
            .Select(e => (long?)e.Id).SingleOrDefaultAsync(ct);
        return id is null ? new NotFound(Name(request.Kind), request.Document) : (await Documents.Load(db, id.Value, ct))!;
    }

    public async Task<Result<DocumentDto>> ById(long id, CancellationToken ct) =>
        await Documents.Load(db, id, ct) is { } dto ? dto : new NotFound("Entry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The staff reads add an open invoice's predicted payment (issue 13 §5); <see cref="Handle"/> alone (the buyer
    /// portal's read) never does.
    /// </summary>
    public async Task<Result<DocumentDto>> WithOutlook(Result<DocumentDto> read, CancellationToken ct)
    {
        if (read.Value is not { Kind: "invoice", Open: > 0 } dto)
        {
            return read;
        }

        var customerId = await db.CustomerId(dto.CustomerNumber, ct);
        var outlook = customerId is { } id ? (await outlooks.ForCustomer(id, db.Today(), ct)).GetValueOrDefault(dto.Id) : null;
        return dto with { Outlook = outlook };
    }

    private static string Name(EntryKind kind) => kind switch
    {
        EntryKind.Invoice => "Invoice",
        EntryKind.CreditNote => "Credit note",
        EntryKind.Payment => "Payment",
        EntryKind.Adjustment => "Adjustment",
        EntryKind.WriteOff => "Write-off",
        EntryKind.Reversal => "Reversal",
    };

    public static async Task<IResult> InvoiceEndpoint(string number, GetDocument use, CancellationToken ct) =>
        Respond(await use.WithOutlook(await use.Handle(new DocumentQuery(EntryKind.Invoice, number), ct), ct));

    public static async Task<IResult> CreditNoteEndpoint(string number, GetDocument use, CancellationToken ct) =>
        Respond(await use.Handle(new DocumentQuery(EntryKind.CreditNote, number), ct));

    public static async Task<IResult> PaymentEndpoint(string reference, GetDocument use, CancellationToken ct) =>
        Respond(await use.Handle(new DocumentQuery(EntryKind.Payment, reference), ct));

    public static async Task<IResult> EntryEndpoint(long id, GetDocument use, CancellationToken ct) =>
        Respond(await use.WithOutlook(await use.ById(id, ct), ct));

    private static IResult Respond(Result<DocumentDto> result) =>
        result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
