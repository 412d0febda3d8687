using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Owners' and guarantors' personal data of an application, decrypted, for the credit team (CreditAnalyst and
/// above). Every read is written to the audit trail: who, when, which application.
/// </summary>
internal sealed class ReadPersonalData(CreditDb db, ApplicantSecrets secrets)
{
    public const string AuditAction = "read-personal-data";

    public async Task<JsonObject?> Read(string reference, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == reference, ct);
        if (application is null)
        {
            return null;
        }

        db.Audit.Add(new AuditEntry
        {
            AtUtc = db.UtcNow,
            Actor = db.Actor.Name,
            Action = AuditAction,
            Entity = nameof(CreditApplication),
            EntityId = application.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AfterJson = $$"""{"reference":"{{application.Reference}}"}""",
        });
        await db.SaveChangesAsync(ct);
        return application.ProtectedAnswers is { } text ? JsonNode.Parse(secrets.Unprotect(text, application.Reference)) as JsonObject : [];
    }

    public static async Task<IResult> Endpoint(string reference, ReadPersonalData useCase, CancellationToken ct) =>
        await useCase.Read(reference, ct) is { } data ? TypedResults.Content(data.ToJsonString(), "application/json") : Problems.NotFound("Application", reference);
}
