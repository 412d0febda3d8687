using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>The fraud checks of the application, run now: each signal's outcome, its evidence, and the fact it becomes.</summary>
internal sealed class FraudModel(CreditDb db, IAuthorizationService authorization, CheckFraud fraud) : EvidencePage(db, authorization)
{
    public override string Section => "fraud";

    public FraudCheckResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await Load(reference, ct) is { } early)
        {
            return early;
        }

        Result = await fraud.Run(Application, ct);
        return Page();
    }
}
