using Credo.Domain.Customers;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Customers;

internal sealed record CustomerQuery(
    string? Search = null,
    CustomerStatus? Status = null,
    string? Group = null,
    string? Segment = null,
    string? Sort = null,
    int Page = 1,
    int PageSize = 25);

/// <summary>Customer list: search (number, names, tax id, email), filters, sorting and paging.</summary>
internal sealed class FindCustomers(CreditDb db)
{
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> Sorts = ["number", "-number", "name", "-name", "status", "-status", "created", "-created", "balance", "-balance", "overdue", "-overdue"];

    public async Task<PageOf<CustomerListItem>> Handle(CustomerQuery q, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking();
        var today = db.Today();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim().ToLowerInvariant();
            query = query.Where(c => c.SearchText.Contains(term));
        }

        if (q.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(q.Group))
        {
            // The group and every group below it.
            var ids = await SubtreeIds(q.Group.Trim(), ct);
            query = query.Where(c => c.GroupId != null && ids.Contains(c.GroupId.Value));
        }

        if (!string.IsNullOrWhiteSpace(q.Segment))
        {
            // "dimension:code", or a bare code in any dimension.
            var parts = q.Segment.Split(':', 2);
            query = parts.Length == 2
                ? query.Where(c => c.Segments.Any(s => s.Segment!.Dimension == parts[0] && s.Segment.Code == parts[1]))
                : query.Where(c => c.Segments.Any(s => s.Segment!.Code == parts[0]));
        }

        // Balance and overdue in the customer's own currency, from the ledger's open amounts (issue 12 §4): each sum is
        // written once here, and both the sort and the page read it.
        var rows = query.Select(c => new
        {
            Customer = c,
            BalanceMinor = db.Entries.Where(e => e.CustomerId == c.Id && e.Currency == c.Currency).Sum(e => (long?)e.OpenMinor) ?? 0,
            OverdueMinor = db.Entries.Where(e => e.CustomerId == c.Id && e.Currency == c.Currency && e.OpenMinor > 0 && e.DueOn < today).Sum(e => (long?)e.OpenMinor) ?? 0,
        });
        rows = q.Sort switch
        {
            "-number" => rows.OrderByDescending(r => r.Customer.Number),
            "name" => rows.OrderBy(r => r.Customer.LegalName).ThenBy(r => r.Customer.Number),
            "-name" => rows.OrderByDescending(r => r.Customer.LegalName).ThenBy(r => r.Customer.Number),
            "status" => rows.OrderBy(r => r.Customer.Status).ThenBy(r => r.Customer.Number),
            "-status" => rows.OrderByDescending(r => r.Customer.Status).ThenBy(r => r.Customer.Number),
            "created" => rows.OrderBy(r => r.Customer.CreatedAtUtc).ThenBy(r => r.Customer.Number),
            "-created" => rows.OrderByDescending(r => r.Customer.CreatedAtUtc).ThenBy(r => r.Customer.Number),
            "balance" => rows.OrderBy(r => r.BalanceMinor).ThenBy(r => r.Customer.Number),
            "-balance" => rows.OrderByDescending(r => r.BalanceMinor).ThenBy(r => r.Customer.Number),
            "overdue" => rows.OrderBy(r => r.OverdueMinor).ThenBy(r => r.Customer.Number),
            "-overdue" => rows.OrderByDescending(r => r.OverdueMinor).ThenBy(r => r.Customer.Number),
            _ => rows.OrderBy(r => r.Customer.Number),
        };

        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, q.Page);
        var total = await query.CountAsync(ct);
        var items = await rows.Skip((page - 1) * size).Take(size)
            .Select(r => new CustomerListItem(r.Customer.Number, r.Customer.LegalName, r.Customer.TradingName, r.Customer.Currency, r.Customer.TermsCode, r.Customer.Status, r.Customer.Group == null ? null : r.Customer.Group.Code)
            {
                BalanceMinor = r.BalanceMinor,
                OverdueMinor = r.OverdueMinor,
            })
            .ToListAsync(ct);
        return new PageOf<CustomerListItem>(items, page, size, total);
    }

    private async Task<List<long>> SubtreeIds(string code, CancellationToken ct)
    {
        var all = await db.Groups.AsNoTracking().Select(g => new { g.Id, g.Code, g.ParentId }).ToListAsync(ct);
        var root = all.FirstOrDefault(g => g.Code == code);
        if (root is null)
        {
            return [];
        }

        var ids = new List<long> { root.Id };
        for (var i = 0; i < ids.Count; i++)
        {
            ids.AddRange(all.Where(g => g.ParentId == ids[i] && !ids.Contains(g.Id)).Select(g => g.Id));
        }

        return ids;
    }

    public static async Task<IResult> Endpoint(
        string? search, CustomerStatus? status, string? group, string? segment, string? sort, int? page, int? pageSize, FindCustomers find, CancellationToken ct)
    {
        if (sort is not null && !Sorts.Contains(sort))
        {
            return Infrastructure.Problems.Validation("sort", $"Sort by one of: {string.Join(", ", Sorts)}.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Infrastructure.Problems.Validation("pageSize", $"Page size is 1 to {MaxPageSize}.");
        }

        return TypedResults.Ok(await find.Handle(new CustomerQuery(search, status, group, segment, sort, page ?? 1, pageSize ?? 25), ct));
    }
}
