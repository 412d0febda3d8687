using Credo.Web.Features.Ledger;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>One invoice, credit note or payment of the buyer's, with its lines and what was applied to it (the ledger's document query).</summary>
internal sealed class PortalDocumentModel(BuyerScope scope, GetDocument documents, Microsoft.Extensions.Options.IOptions<Infrastructure.SellerOptions> seller) : PortalPage(scope)
{
    public DocumentDto Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        // The entry's customer must be one of the buyer's: someone else's id is "not found", exactly like no id at all.
        if (!await ResolveEntry(id, ct))
        {
            return Missing();
        }

        var result = await documents.ById(id, ct);
        if (!result.IsOk || result.Value!.CustomerNumber != Customer.Number)
        {
            return Missing();
        }

        Document = result.Value;
        return Page();
    }

    /// <summary>The document as a PDF (invoice or credit note with its lines; any entry with what was applied to it).</summary>
    public async Task<IActionResult> OnGetPdfAsync(long id, CancellationToken ct)
    {
        var page = await OnGetAsync(id, ct);
        if (page is not PageResult)
        {
            return page;
        }

        return PortalPdf.Invoice(Document, Customer, seller.Value) is { } pdf
            ? File(pdf, "application/pdf", $"{PortalText.Kind(Document.Kind).ToLowerInvariant().Replace(' ', '-')}-{Document.Number ?? Document.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.pdf")
            : StatusCode(StatusCodes.Status503ServiceUnavailable);
    }
}
