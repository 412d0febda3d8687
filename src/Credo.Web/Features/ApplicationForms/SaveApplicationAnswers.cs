using System.Text.Json.Nodes;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Saves a draft's answers as they are (incomplete is fine): only the template's visible fields are kept, and
/// personal data goes into the encrypted column. A submitted application cannot be changed here.
/// </summary>
internal sealed class SaveApplicationAnswers(CreditDb db, ApplicantSecrets secrets)
{
    public async Task<Result<CreditApplication>> Save(ApplicantView view, JsonObject answers, CancellationToken ct)
    {
        var application = view.Application;
        if (!view.Editable)
        {
            return new Refusal("application-submitted", $"Application {application.Reference} has been submitted and can no longer be changed.");
        }

        ApplicantDrafts.WriteAnswers(application, view.Definition, answers, secrets);
        application.UpdatedAtUtc = db.UtcNow;
        application.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal("stale-version", "The application was changed in another window. Reload it and try again.");
        }

        return application;
    }
}
