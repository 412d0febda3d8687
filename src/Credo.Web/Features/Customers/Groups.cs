using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Customers;

internal sealed record GroupRequest(string? Code, string? Name, string? ParentCode);

internal sealed record GroupDto(string Code, string Name, string? ParentCode);

internal sealed record GroupNode(string Code, string Name, IReadOnlyList<CustomerListItem> Customers, IReadOnlyList<GroupNode> Children);

/// <summary>The group a customer belongs to, its ancestors (nearest first) and the whole tree from the top.</summary>
internal sealed record Hierarchy(string Customer, IReadOnlyList<GroupDto> Path, GroupNode? Tree);

/// <summary>Corporate groups (a tree of any depth) and segments.</summary>
internal sealed partial class Groups(CreditDb db)
{
    public async Task<Result<CorporateGroup>> Create(GroupRequest r, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Code) || !CodePattern().IsMatch(r.Code))
        {
            return new ValidationFailed("code", "A group code is 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(r.Name))
        {
            return new ValidationFailed("name", "A group name is required.");
        }

        if (await db.Groups.AnyAsync(g => g.Code == r.Code, ct))
        {
            return new Refusal("group-exists", $"Group '{r.Code}' already exists.", "code");
        }

        long? parentId = null;
        if (!string.IsNullOrWhiteSpace(r.ParentCode))
        {
            parentId = await db.Groups.Where(g => g.Code == r.ParentCode).Select(g => (long?)g.Id).SingleOrDefaultAsync(ct);
            if (parentId is null)
            {
                return new ValidationFailed("parentCode", $"No corporate group '{r.ParentCode}'.");
            }
        }

        var group = new CorporateGroup { Code = r.Code.Trim(), Name = r.Name.Trim(), ParentId = parentId, CreatedAtUtc = db.UtcNow };
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        return group;
    }

    public async Task<Result<Hierarchy>> ForCustomer(string number, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (customer is null)
        {
            return new NotFound("Customer", number);
        }

        var path = await db.GroupPath(customer.GroupId, ct);
        var codes = path.ToDictionary(g => g.Id, g => g.Code);
        var dto = path.Select(g => new GroupDto(g.Code, g.Name, g.ParentId is { } p && codes.TryGetValue(p, out var pc) ? pc : null)).ToList();
        var tree = path.Count == 0 ? null : await Tree(path[^1].Id, ct);
        return new Hierarchy(number, dto, tree);
    }

    public async Task<GroupNode?> Tree(long rootId, CancellationToken ct)
    {
        var groups = await db.Groups.AsNoTracking().ToListAsync(ct);
        var members = await db.Customers.AsNoTracking().Where(c => c.GroupId != null)
            .Select(c => new { c.GroupId, Item = new CustomerListItem(c.Number, c.LegalName, c.TradingName, c.Currency, c.TermsCode, c.Status, null) })
            .ToListAsync(ct);
        var byParent = groups.ToLookup(g => g.ParentId);
        var byGroup = members.ToLookup(m => m.GroupId!.Value, m => m.Item);
        var visited = new HashSet<long>();
        GroupNode Build(CorporateGroup g) => new(
            g.Code,
            g.Name,
            [.. byGroup[g.Id].OrderBy(c => c.Number).Select(c => c with { GroupCode = g.Code })],
            [.. byParent[g.Id].Where(child => visited.Add(child.Id)).OrderBy(child => child.Code).Select(Build)]);
        var root = groups.SingleOrDefault(g => g.Id == rootId);
        return root is null ? null : Build(root);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]
    private static partial Regex CodePattern();

    public static async Task<IResult> CreateEndpoint(GroupRequest request, Groups groups, CancellationToken ct)
    {
        var result = await groups.Create(request, ct);
        if (!result.IsOk)
        {
            return result.Error!.ToProblem();
        }

        var g = result.Value!;
        return TypedResults.Created($"/api/groups/{Uri.EscapeDataString(g.Code)}", new GroupDto(g.Code, g.Name, request.ParentCode));
    }

    public static async Task<IResult> ListEndpoint(CreditDb db, CancellationToken ct)
    {
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Code)
            .Select(g => new GroupDto(g.Code, g.Name, g.Parent == null ? null : g.Parent.Code)).ToListAsync(ct);
        return TypedResults.Ok(groups);
    }

    public static async Task<IResult> TreeEndpoint(string code, Groups groups, CreditDb db, CancellationToken ct)
    {
        var id = await db.Groups.Where(g => g.Code == code).Select(g => (long?)g.Id).SingleOrDefaultAsync(ct);
        return id is null ? Problems.NotFound("Group", code) : TypedResults.Ok(await groups.Tree(id.Value, ct));
    }

    public static async Task<IResult> HierarchyEndpoint(string number, Groups groups, CancellationToken ct)
    {
        var result = await groups.ForCustomer(number, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}

internal sealed record SegmentRequest(string? Dimension, string? Code, string? Name);

internal sealed record SegmentDto(string Dimension, string Code, string Name);

internal static class Segments
{
    public static async Task<IResult> CreateEndpoint(SegmentRequest r, CreditDb db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Dimension))
        {
            return Problems.Validation("dimension", "A segment dimension (e.g. region, channel) is required.");
        }

        if (string.IsNullOrWhiteSpace(r.Code))
        {
            return Problems.Validation("code", "A segment code is required.");
        }

        var dimension = r.Dimension.Trim().ToLowerInvariant();
        var code = r.Code.Trim();
        if (await db.Segments.AnyAsync(s => s.Dimension == dimension && s.Code == code, ct))
        {
            return new Refusal("segment-exists", $"Segment '{code}' already exists in '{dimension}'.", "code").ToProblem();
        }

        var segment = new Segment { Dimension = dimension, Code = code, Name = string.IsNullOrWhiteSpace(r.Name) ? code : r.Name.Trim() };
        db.Segments.Add(segment);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/segments/{dimension}/{code}", new SegmentDto(segment.Dimension, segment.Code, segment.Name));
    }

    public static async Task<IResult> ListEndpoint(CreditDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Segments.AsNoTracking().OrderBy(s => s.Dimension).ThenBy(s => s.Code)
            .Select(s => new SegmentDto(s.Dimension, s.Code, s.Name)).ToListAsync(ct));
}
