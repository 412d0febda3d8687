using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Posts a credit note, applied to an invoice, oldest-first or on account.</summary>
internal sealed class PostCreditNote(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostCreditNoteRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
