using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

/// <summary>What an aging row is about.</summary>
internal enum AgingBy
{
    Customer,
    Group,
    Segment,
    Portfolio,
}

/// <summary>A subject's key (as in URLs and CSV) and its name in words.</summary>
internal sealed record AgingSubject(string Key, string Name);

/// <summary>
/// Which subjects each customer counts for: itself; its corporate group and every group above it (so a holding's row
/// rolls up its whole tree at any depth; customers in no group count for "No group"); each of its segments (one per
/// dimension); the portfolio.
/// </summary>
internal sealed class AgingSubjects
{
    public const string Portfolio = "portfolio";

    public const string NoGroup = "no-group";

    private readonly Dictionary<long, IReadOnlyList<string>> _byCustomer;

    private AgingSubjects(Dictionary<long, IReadOnlyList<string>> byCustomer, Dictionary<string, string> names, Dictionary<long, string> numbers)
    {
        _byCustomer = byCustomer;
        Names = names;
        CustomerNumbers = numbers;
    }

    public IReadOnlyDictionary<string, string> Names { get; }

    public IReadOnlyDictionary<long, string> CustomerNumbers { get; }

    public IReadOnlyList<string> For(long customerId) => _byCustomer.TryGetValue(customerId, out var keys) ? keys : [];

    public static bool TryParse(string? by, out AgingBy result)
    {
        result = AgingBy.Customer;
        return string.IsNullOrWhiteSpace(by) || Enum.TryParse(by.Trim(), ignoreCase: true, out result) && Enum.IsDefined(result);
    }

    public static async Task<AgingSubjects> Load(CreditDb db, AgingBy by, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Number, c.LegalName, c.GroupId }).ToListAsync(ct);
        var numbers = customers.ToDictionary(c => c.Id, c => c.Number);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var byCustomer = new Dictionary<long, IReadOnlyList<string>>();
        switch (by)
        {
            case AgingBy.Customer:
                foreach (var c in customers)
                {
                    names[c.Number] = c.LegalName;
                    byCustomer[c.Id] = [c.Number];
                }

                break;
            case AgingBy.Group:
                var groups = await db.Groups.AsNoTracking().Select(g => new { g.Id, g.Code, g.Name, g.ParentId }).ToDictionaryAsync(g => g.Id, ct);
                foreach (var g in groups.Values)
                {
                    names[g.Code] = g.Name;
                }

                names[NoGroup] = "No group";
                foreach (var c in customers)
                {
                    byCustomer[c.Id] = c.GroupId is null ? [NoGroup] : [.. Ancestry(c.GroupId, id => groups.TryGetValue(id, out var g) ? (g.Code, g.ParentId) : null)];
                }

                break;
            case AgingBy.Segment:
                var links = await db.CustomerSegments.AsNoTracking()
                    .Select(l => new { l.CustomerId, l.Segment!.Dimension, l.Segment.Code, l.Segment.Name }).ToListAsync(ct);
                foreach (var l in links)
                {
                    names[$"{l.Dimension}:{l.Code}"] = $"{l.Dimension}: {l.Name}";
                }

                foreach (var c in links.GroupBy(l => l.CustomerId))
                {
                    byCustomer[c.Key] = [.. c.Select(l => $"{l.Dimension}:{l.Code}")];
                }

                break;
            case AgingBy.Portfolio:
                names[Portfolio] = "Portfolio";
                foreach (var c in customers)
                {
                    byCustomer[c.Id] = [Portfolio];
                }

                break;
        }

        return new AgingSubjects(byCustomer, names, numbers);
    }

    /// <summary>The group and every group above it (codes), stopping on a cycle.</summary>
    private static IEnumerable<string> Ancestry(long? groupId, Func<long, (string Code, long? ParentId)?> find)
    {
        var seen = new HashSet<long>();
        while (groupId is { } id && seen.Add(id) && find(id) is { } group)
        {
            yield return group.Code;
            groupId = group.ParentId;
        }
    }
}
