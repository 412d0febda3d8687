using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Admin;

internal sealed record ApiKeyRequest(string? Name, string? Role);

internal sealed record ApiKeyCreated(string Name, string Role, string Key, string Note);

internal sealed record ApiKeyDto(string Name, string Prefix, string Role, DateTime CreatedAtUtc, string CreatedBy, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

internal sealed record UserRequest(string? Email, string? Password, string? Role, string? DisplayName);

internal sealed record UserDto(string Email, string? DisplayName, IReadOnlyList<string> Roles, bool LockedOut);

internal sealed record AuditDto(long Id, DateTime AtUtc, string Actor, string Action, string Entity, string EntityId, string? BeforeJson, string? AfterJson);

/// <summary>API keys for machines, staff users, and the audit trail.</summary>
internal sealed class ManageApiKeys(CreditDb db, ApiKeyCache cache)
{
    public async Task<Result<ApiKeyCreated>> Create(ApiKeyRequest r, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100)
        {
            return new ValidationFailed("name", "A key name of 1 to 100 characters is required.");
        }

        var role = Roles.Normalise(r.Role);
        if (role is null)
        {
            return new ValidationFailed("role", $"Role is one of: {string.Join(", ", Roles.All)}.");
        }

        if (await db.ApiKeys.AnyAsync(k => k.Name == r.Name, ct))
        {
            return new Refusal("api-key-exists", $"An API key named '{r.Name}' exists.", "name");
        }

        var (key, prefix, hash) = ApiKeys.NewKey();
        db.ApiKeys.Add(new ApiKey { Name = r.Name.Trim(), Prefix = prefix, SecretHash = hash, Role = role, CreatedAtUtc = db.UtcNow, CreatedBy = db.Actor.Name });
        await db.SaveChangesAsync(ct);
        return new ApiKeyCreated(r.Name.Trim(), role, key, "Shown once: only a hash is stored.");
    }

    public async Task<Result<bool>> Revoke(string name, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Name == name, ct);
        if (key is null)
        {
            return new NotFound("API key", name);
        }

        key.RevokedAtUtc ??= db.UtcNow;
        await db.SaveChangesAsync(ct);
        cache.Forget(key.Prefix);
        return true;
    }

    public Task<List<ApiKeyDto>> List(CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.Name)
            .Select(k => new ApiKeyDto(k.Name, k.Prefix, k.Role, k.CreatedAtUtc, k.CreatedBy, k.RevokedAtUtc, k.LastUsedAtUtc)).ToListAsync(ct);
}

internal static class AdminFeature
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) => services.AddScoped<ManageApiKeys>().AddScoped<VerifyAudit>().AddScoped<SealExistingLedger>();

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AccessPolicies.Admin);
        admin.MapPost("/api-keys", async (ApiKeyRequest r, ManageApiKeys keys, CancellationToken ct) =>
        {
            var result = await keys.Create(r, ct);
            return result.IsOk ? TypedResults.Created($"/api/admin/api-keys/{result.Value!.Name}", result.Value) : result.Error!.ToProblem();
        });
        admin.MapGet("/api-keys", async (ManageApiKeys keys, CancellationToken ct) => TypedResults.Ok(await keys.List(ct)));
        admin.MapDelete("/api-keys/{name}", async (string name, ManageApiKeys keys, CancellationToken ct) =>
            await keys.Revoke(name, ct) is { IsOk: true } ? Results.NoContent() : Problems.NotFound("API key", name));
        admin.MapGet("/users", ListUsers);
        admin.MapPost("/users", CreateUser);
        admin.MapGet("/audit", ListAudit).WithSummary("The audit trail, newest first; filter by entity and id.");
        admin.MapGet("/audit/verification", VerifyAudit.Endpoint)
            .WithSummary("Checks the audit trail's hash chain: 'intact, N rows', or the first broken link (row, time, what is wrong).");
    }

    private static async Task<IResult> ListUsers(UserManager<CreditUser> users, CancellationToken ct)
    {
        var list = new List<UserDto>();
        foreach (var u in await users.Users.OrderBy(u => u.Email).ToListAsync(ct))
        {
            list.Add(new UserDto(u.Email!, u.DisplayName, [.. await users.GetRolesAsync(u)], await users.IsLockedOutAsync(u)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<IResult> CreateUser(UserRequest r, UserManager<CreditUser> users)
    {
        var role = Roles.Normalise(r.Role);
        if (string.IsNullOrWhiteSpace(r.Email))
        {
            return Problems.Validation("email", "An email is required.");
        }

        if (role is null)
        {
            return Problems.Validation("role", $"Role is one of: {string.Join(", ", Roles.All)}.");
        }

        if (string.IsNullOrEmpty(r.Password))
        {
            return Problems.Validation("password", "A password is required.");
        }

        var result = await UserAccounts.CreateAsync(users, r.Email.Trim(), r.Password, role, r.DisplayName);
        if (!result.Succeeded)
        {
            var first = result.Errors.First();
            var field = first.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email";
            return Problems.Problem(first.Code.Contains("Duplicate", StringComparison.Ordinal) ? "user-exists" : "validation", string.Join(" ", result.Errors.Select(e => e.Description)), first.Code.Contains("Duplicate", StringComparison.Ordinal) ? 409 : 400, field);
        }

        return TypedResults.Created($"/api/admin/users/{r.Email}", new UserDto(r.Email.Trim(), r.DisplayName, [role], false));
    }

    private static async Task<IResult> ListAudit(string? entity, string? entityId, int? take, CreditDb db, CancellationToken ct)
    {
        var q = db.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(entity))
        {
            q = q.Where(a => a.Entity == entity);
        }

        if (!string.IsNullOrEmpty(entityId))
        {
            q = q.Where(a => a.EntityId == entityId);
        }

        var rows = await q.OrderByDescending(a => a.Id).Take(Math.Clamp(take ?? 100, 1, 1000))
            .Select(a => new AuditDto(a.Id, a.AtUtc, a.Actor, a.Action, a.Entity, a.EntityId, a.BeforeJson, a.AfterJson)).ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
