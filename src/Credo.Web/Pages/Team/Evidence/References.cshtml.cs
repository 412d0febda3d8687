using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>Trade and bank references with their answers; ask another referee, or record an answer heard by phone.</summary>
internal sealed class ReferencesModel(CreditDb db, IAuthorizationService authorization, RequestReferences references, AnswerReference answers) : EvidencePage(db, authorization)
{
    public override string Section => "references";

    public IReadOnlyList<ReferenceDto> References { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await Load(reference, ct) is { } early)
        {
            return early;
        }

        References = await references.List(Application.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string reference, ReferenceRequestInput input, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        var result = await references.AddByHand(reference, input, ct);
        return Done(result, result.IsOk && result.Value!.Emailed ? $"{result.Value.Company} asked by email." : "Reference added.");
    }

    public async Task<IActionResult> OnPostAnswerAsync(string reference, long id, ReferenceAnswer answer, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        var result = await answers.ByAnalyst(reference, id, answer, ct);
        return Done(result, "Answer recorded.");
    }
}
