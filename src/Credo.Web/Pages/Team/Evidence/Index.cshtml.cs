using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>The evidence overview: gather now (analysts) and see every fact, signal and source the gathering produced.</summary>
internal sealed class IndexModel(CreditDb db, IAuthorizationService authorization, IEvidenceGatherer gatherer) : EvidencePage(db, authorization)
{
    public override string Section => "overview";

    public ApplicationEvidence? Evidence { get; private set; }

    public static IReadOnlyList<FactDefinition> Catalog => FactCatalog.All;

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct) =>
        await Load(reference, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string reference, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        Evidence = await gatherer.GatherAsync(Application, ct);
        return Page();
    }
}
