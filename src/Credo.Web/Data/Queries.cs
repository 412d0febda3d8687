using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Queries that more than one slice uses.</summary>
internal static class Queries
{
    /// <summary>Today's date from the app's clock (never the machine's wall clock directly).</summary>
    public static DateOnly Today(this CreditDb db) => DateOnly.FromDateTime(db.UtcNow);

    public static Task<Customer?> FindCustomer(this CreditDb db, string number, CancellationToken ct) =>
        db.Customers.Include(c => c.Group).Include(c => c.Segments).ThenInclude(s => s.Segment)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Number == number, ct);

    public static Task<long?> CustomerId(this CreditDb db, string number, CancellationToken ct) =>
        db.Customers.Where(c => c.Number == number).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);

    /// <summary>The group and its ancestors, nearest first. Stops on a cycle rather than looping.</summary>
    public static async Task<IReadOnlyList<CorporateGroup>> GroupPath(this CreditDb db, long? groupId, CancellationToken ct)
    {
        var path = new List<CorporateGroup>();
        var seen = new HashSet<long>();
        while (groupId is { } id && seen.Add(id))
        {
            var group = await db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (group is null)
            {
                break;
            }

            path.Add(group);
            groupId = group.ParentId;
        }

        return path;
    }
}
