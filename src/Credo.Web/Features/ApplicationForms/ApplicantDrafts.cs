using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>An application as the public form sees it: the row, its template version, and its answers decrypted.</summary>
/// <param name="Editable">A draft, or a case in review whose analyst asked the applicant for more information.</param>
internal sealed record ApplicantView(CreditApplication Application, ApplicationTemplate Template, TemplateDefinition Definition, JsonObject Answers, IReadOnlyList<ApplicationDocument> Documents, bool Editable);

/// <summary>Finds the applicant's application from the resume secret (only its SHA-256 is stored) and reads it.</summary>
internal sealed class ApplicantDrafts(CreditDb db, ApplicantSecrets secrets)
{
    public async Task<ApplicantView?> Find(string templateKey, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = LinkSecrets.Hash(token);
        var application = await db.Applications.SingleOrDefaultAsync(a => a.ResumeTokenHash == hash, ct);
        if (application is null)
        {
            return null;
        }

        var template = await db.ApplicationTemplates.AsNoTracking().SingleAsync(t => t.Id == application.TemplateId, ct);
        if (template.Key != templateKey)
        {
            return null;
        }

        var definition = template.Definition();
        var documents = await db.ApplicationDocuments.AsNoTracking().Where(d => d.ApplicationId == application.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var editable = application.Status == ApplicationStatus.Draft
            || (application.Status == ApplicationStatus.InReview && await db.AwaitingApplicant(application.Id, ct));
        return new ApplicantView(application, template, definition, ReadAnswers(application, secrets), documents, editable);
    }

    public static JsonObject ReadAnswers(CreditApplication application, ApplicantSecrets secrets)
    {
        var plain = JsonNode.Parse(application.AnswersJson) as JsonObject ?? [];
        var personal = application.ProtectedAnswers is { } protectedText
            ? JsonNode.Parse(secrets.Unprotect(protectedText, application.Reference)) as JsonObject
            : null;
        return Answers.Merge(plain, personal);
    }

    /// <summary>Stores answers split: plain ones as JSON, personal data encrypted.</summary>
    public static void WriteAnswers(CreditApplication application, TemplateDefinition definition, JsonObject answers, ApplicantSecrets secrets)
    {
        var (plain, personal) = Answers.Split(definition, Answers.Prune(definition, answers));
        application.AnswersJson = plain.ToJsonString();
        application.ProtectedAnswers = personal is null ? null : secrets.Protect(personal.ToJsonString(), application.Reference);
    }

    public static IReadOnlyDictionary<string, int> DocumentCounts(IEnumerable<ApplicationDocument> documents) =>
        documents.GroupBy(d => d.FieldKey).ToDictionary(g => g.Key, g => g.Count());
}
