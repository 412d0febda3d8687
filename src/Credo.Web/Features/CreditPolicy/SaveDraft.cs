using System.Globalization;
using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>
/// Creates a draft version (a copy of the published one unless a definition is given) and edits it. A draft may be
/// saved while invalid (it is work in progress; the editor shows the problems); only a published or retired version is
/// refused, because those never change. The definition must at least be JSON.
/// </summary>
internal sealed class SaveDraft(CreditDb db)
{
    public async Task<Result<PolicyDto>> Create(PolicyDraftRequest request, CancellationToken ct)
    {
        string json;
        if (request.Definition is { } given)
        {
            json = given.GetRawText();
        }
        else
        {
            json = await db.PolicyVersions.AsNoTracking().Where(v => v.Status == PolicyStatus.Published).Select(v => v.DefinitionJson).SingleOrDefaultAsync(ct)
                ?? DefaultPolicy.Json;
        }

        return await CreateFromJson(request.Name, json, ct);
    }

    public async Task<Result<PolicyDto>> CreateFromJson(string? name, string json, CancellationToken ct)
    {
        if (!IsJson(json))
        {
            return new ValidationFailed("definition", "The definition is not valid JSON.");
        }

        var number = (await db.PolicyVersions.MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var now = db.UtcNow;
        var version = new PolicyVersion
        {
            Number = number,
            Name = Name(name, number),
            Status = PolicyStatus.Draft,
            DefinitionJson = json,
            CreatedAtUtc = now,
            CreatedBy = db.Actor.Name,
            UpdatedAtUtc = now,
        };
        db.PolicyVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two drafts created at once took the same number; the second caller may simply retry.
            return new Refusal("policy-version-conflict", "Another draft was created at the same moment; try again.");
        }

        return PolicyDtos.Full(version);
    }

    public async Task<Result<PolicyDto>> Update(int number, PolicyDraftRequest request, CancellationToken ct) =>
        await UpdateJson(number, request.Name, request.Definition?.GetRawText(), ct);

    public async Task<Result<PolicyDto>> UpdateJson(int number, string? name, string? json, CancellationToken ct)
    {
        var version = await db.PolicyVersions.SingleOrDefaultAsync(v => v.Number == number, ct);
        if (version is null)
        {
            return new NotFound("Policy version", number.ToString(CultureInfo.InvariantCulture));
        }

        if (version.Status != PolicyStatus.Draft)
        {
            return new Refusal("policy-not-draft", $"Version {number} is {version.Status.ToString().ToLowerInvariant()}; a published or retired version never changes. Create a new draft.");
        }

        if (json is not null)
        {
            if (!IsJson(json))
            {
                return new ValidationFailed("definition", "The definition is not valid JSON.");
            }

            version.DefinitionJson = json;
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            version.Name = Name(name, number);
        }

        version.UpdatedAtUtc = db.UtcNow;
        version.Revision++;
        await db.SaveChangesAsync(ct);
        return PolicyDtos.Full(version);
    }

    private static string Name(string? name, int number) =>
        string.IsNullOrWhiteSpace(name) ? $"Policy {number}" : name.Trim()[..Math.Min(200, name.Trim().Length)];

    private static bool IsJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static async Task<IResult> CreateEndpoint(PolicyDraftRequest request, SaveDraft use, CancellationToken ct)
    {
        var result = await use.Create(request, ct);
        return result.IsOk ? TypedResults.Created($"/api/policies/{result.Value!.Number}", result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> UpdateEndpoint(int number, PolicyDraftRequest request, SaveDraft use, CancellationToken ct)
    {
        var result = await use.Update(number, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
