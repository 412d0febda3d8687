using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Puts a template version live: it becomes the one its public link serves. Checked again (rules may have grown
/// since it was imported); publishing is once per version, and a published version is never edited.
/// </summary>
internal sealed class PublishTemplate(CreditDb db)
{
    public async Task<Result<ApplicationTemplate>> Publish(string key, int version, CancellationToken ct)
    {
        var template = await db.ApplicationTemplates.SingleOrDefaultAsync(t => t.Key == key && t.Version == version, ct);
        if (template is null)
        {
            return new NotFound("Template", $"{key} v{version}");
        }

        if (template.PublishedAtUtc is not null)
        {
            return new Refusal("template-already-published", $"{key} v{version} was published at {template.PublishedAtUtc:u}.");
        }

        if (TemplateRules.ValidateDefinition(template.Definition()) is { Count: > 0 } errors)
        {
            return new TemplateInvalid(errors);
        }

        template.PublishedAtUtc = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return template;
    }

    public static async Task<IResult> Endpoint(string key, int version, PublishTemplate useCase, CancellationToken ct)
    {
        var published = await useCase.Publish(key, version, ct);
        return published.IsOk ? TypedResults.Ok(TemplateSummary.From(published.Value!)) : published.Error!.ToTemplateProblem();
    }
}
