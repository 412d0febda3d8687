using Credo.Domain.Credit;
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
    int PageSize = 25,
    bool OverdueOnly = false,
    bool OverLimit = false,
    ExposureCategories? Counted = null,
    int? DaysLateOver = null,
    int? ScoreBelow = null)
{
    /// <summary>Filters on payment behaviour (issue 13 §4): only customers measured and past the given figure.</summary>
    public bool FiltersByHabit => DaysLateOver is not null || ScoreBelow is not null;

    /// <summary>Whether a customer's measured behaviour passes the behaviour filters; the unmeasured pass only when there are none.</summary>
    public bool Passes(PayingHabit? habit) =>
        (DaysLateOver is not { } over || habit?.DaysLate is { } late && late > over)
        && (ScoreBelow is not { } below || habit?.Score is { } score && score < below);
}

/// <summary>Customer list: search (number, names, tax id, email), filters, sorting and paging.</summary>
internal sealed class FindCustomers(CreditDb db, IPayingHabits habits)
{
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> Sorts = ["number", "-number", "name", "-name", "status", "-status", "created", "-created", "balance", "-balance", "overdue", "-overdue", "days-late", "-days-late", "score", "-score"];

    /// <summary>Sorts by payment behaviour (issue 13 §4): measured by the analytics (<see cref="IPayingHabits"/>), ordered here.</summary>
    private static readonly IReadOnlyList<string> HabitSorts = ["days-late", "-days-late", "score", "-score"];

    public async Task<PageOf<CustomerListItem>> Handle(CustomerQuery q, CancellationToken ct)
    {
        var today = db.Today();
        var rows = WithAmounts(await Filtered(q, ct), today);
        if (q.OverdueOnly)
        {
            rows = rows.Where(r => r.OverdueMinor > 0);
        }

        var lines = await CustomerLines(q.Counted ?? ExposureCategories.All, today, ct);
        if (q.OverLimit)
        {
            var over = lines.Where(l => l.Value.IsOver).Select(l => l.Key).ToList();
            rows = rows.Where(r => over.Contains(r.Customer.Id));
        }

        var (page, habitOf) = HabitSorts.Contains(q.Sort ?? "") || q.FiltersByHabit
            ? await OnePageByHabit(rows, q, lines, today, ct)
            : (await OnePage(Sorted(rows, q.Sort), q, lines, ct), null);
        var habit = habitOf ?? await habits.For([.. page.Items.Select(i => i.Id)], today, ct);
        return new PageOf<CustomerListItem>(
            [.. page.Items.Select(i => habit.TryGetValue(i.Id, out var h) ? i.Item with { DaysLate = h.DaysLate, Score = h.Score } : i.Item)], page.Page, page.PageSize, page.Total);
    }

    /// <summary>
    /// Sorted or filtered by days late or score: every customer the other filters let through is measured, the behaviour
    /// filters applied, then ordered (by behaviour: the unmeasured last, then by number; or by the asked column in SQL)
    /// and the asked page read. Behaviour is in no table, so this reads the paid history of all of them.
    /// </summary>
    private async Task<(PageOf<(long Id, CustomerListItem Item)> Page, IReadOnlyDictionary<long, PayingHabit>? Habits)> OnePageByHabit(
        IQueryable<Row> rows, CustomerQuery q, Dictionary<long, LineView> lines, DateOnly today, CancellationToken ct)
    {
        var all = await rows.Select(r => new { r.Customer.Id, r.Customer.Number }).ToListAsync(ct);
        var habit = await habits.For([.. all.Select(a => a.Id)], today, ct);
        var kept = all.Where(a => q.Passes(habit.GetValueOrDefault(a.Id))).ToList();
        if (!HabitSorts.Contains(q.Sort ?? ""))
        {
            var keptIds = kept.Select(a => a.Id).ToList();
            return (await OnePage(Sorted(rows.Where(r => EF.Parameter(keptIds).Contains(r.Customer.Id)), q.Sort), q, lines, ct), habit);
        }

        decimal? Key(long id) => habit.TryGetValue(id, out var h) ? (q.Sort!.EndsWith("score", StringComparison.Ordinal) ? h.Score : h.DaysLate) : null;
        var descending = q.Sort!.StartsWith('-');
        var ordered = kept.OrderBy(a => Key(a.Id) is null)
            .ThenBy(a => descending ? -(Key(a.Id) ?? 0) : Key(a.Id) ?? 0)
            .ThenBy(a => a.Number, StringComparer.Ordinal)
            .Select(a => a.Id).ToList();
        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var number = Math.Max(1, q.Page);
        var ids = ordered.Skip((number - 1) * size).Take(size).ToList();
        var found = await OnePage(rows.Where(r => ids.Contains(r.Customer.Id)), q with { Page = 1 }, lines, ct);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return (new PageOf<(long, CustomerListItem)>([.. found.Items.OrderBy(f => position[f.Id])], number, size, kept.Count), habit);
    }

    /// <summary>The customers the search, status, group and segment filters let through.</summary>
    private async Task<IQueryable<Customer>> Filtered(CustomerQuery q, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking();
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

        return query;
    }

    /// <summary>A customer with its balance and overdue in its own currency, as the sort, the filters and the page read them.</summary>
    private sealed class Row
    {
        public required Customer Customer { get; init; }

        public long BalanceMinor { get; init; }

        public long OverdueMinor { get; init; }
    }

    /// <summary>
    /// Balance and overdue in the customer's own currency, from the same open positions the balance summary reads
    /// (Queries.OpenPositions, issue 12 §4): each sum is written once here, and the sort, the filters and the page read it.
    /// </summary>
    private IQueryable<Row> WithAmounts(IQueryable<Customer> customers, DateOnly today)
    {
        var open = db.OpenPositions();
        return customers.Select(c => new Row
        {
            Customer = c,
            BalanceMinor = open.Where(e => e.CustomerId == c.Id && e.Currency == c.Currency).Sum(e => (long?)e.OpenMinor) ?? 0,
            OverdueMinor = open.Where(e => e.CustomerId == c.Id && e.Currency == c.Currency && e.OpenMinor > 0 && e.DueOn < today).Sum(e => (long?)e.OpenMinor) ?? 0,
        });
    }

    /// <summary>Amounts in different currencies are never compared: balance and overdue sort within each currency.</summary>
    private static IQueryable<Row> Sorted(IQueryable<Row> rows, string? sort) => sort switch
    {
        "-number" => rows.OrderByDescending(r => r.Customer.Number),
        "name" => rows.OrderBy(r => r.Customer.LegalName).ThenBy(r => r.Customer.Number),
        "-name" => rows.OrderByDescending(r => r.Customer.LegalName).ThenBy(r => r.Customer.Number),
        "status" => rows.OrderBy(r => r.Customer.Status).ThenBy(r => r.Customer.Number),
        "-status" => rows.OrderByDescending(r => r.Customer.Status).ThenBy(r => r.Customer.Number),
        "created" => rows.OrderBy(r => r.Customer.CreatedAtUtc).ThenBy(r => r.Customer.Number),
        "-created" => rows.OrderByDescending(r => r.Customer.CreatedAtUtc).ThenBy(r => r.Customer.Number),
        "balance" => rows.OrderBy(r => r.Customer.Currency).ThenBy(r => r.BalanceMinor).ThenBy(r => r.Customer.Number),
        "-balance" => rows.OrderBy(r => r.Customer.Currency).ThenByDescending(r => r.BalanceMinor).ThenBy(r => r.Customer.Number),
        "overdue" => rows.OrderBy(r => r.Customer.Currency).ThenBy(r => r.OverdueMinor).ThenBy(r => r.Customer.Number),
        "-overdue" => rows.OrderBy(r => r.Customer.Currency).ThenByDescending(r => r.OverdueMinor).ThenBy(r => r.Customer.Number),
        _ => rows.OrderBy(r => r.Customer.Number),
    };

    /// <summary>The asked page, counted, each row with its own credit line when it has one.</summary>
    private static async Task<PageOf<(long Id, CustomerListItem Item)>> OnePage(IQueryable<Row> rows, CustomerQuery q, Dictionary<long, LineView> lines, CancellationToken ct)
    {
        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, q.Page);
        var total = await rows.CountAsync(ct);
        var found = await rows.Skip((page - 1) * size).Take(size)
            .Select(r => new { r.Customer.Id, Item = new CustomerListItem(r.Customer.Number, r.Customer.LegalName, r.Customer.TradingName, r.Customer.Currency, r.Customer.TermsCode, r.Customer.Status, r.Customer.Group == null ? null : r.Customer.Group.Code)
            {
                BalanceMinor = r.BalanceMinor,
                OverdueMinor = r.OverdueMinor,
            } })
            .ToListAsync(ct);
        var items = found.Select(f => (f.Id, lines.TryGetValue(f.Id, out var line)
            ? f.Item with { LineCurrency = line.Currency, LimitMinor = line.LimitMinor, UsedMinor = line.UsedMinor }
            : f.Item)).ToList();
        return new PageOf<(long, CustomerListItem)>(items, page, size, total);
    }

    /// <summary>A customer's own credit line as the list shows it: the ceiling today and the exposure that counts against it.</summary>
    private sealed record LineView(string Currency, long? LimitMinor, long UsedMinor)
    {
        public bool IsOver => LimitMinor is { } limit && UsedMinor > limit;
    }

    /// <summary>
    /// Every customer-level line, with its ceiling and counted exposure from the credit domain's own rules
    /// (<see cref="CreditLimit.EffectiveMinor"/>, <see cref="Exposure.UsedMinor"/>): never a copy of them in SQL.
    /// </summary>
    private async Task<Dictionary<long, LineView>> CustomerLines(ExposureCategories counted, DateOnly today, CancellationToken ct)
    {
        var lines = await db.CreditLines.AsNoTracking().Where(l => l.Level == LimitLevel.Customer).ToListAsync(ct);
        return lines.ToDictionary(l => l.SubjectId, l => new LineView(l.Currency, l.ToLimit().EffectiveMinor(today), l.Exposure(counted).UsedMinor));
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
        string? search, CustomerStatus? status, string? group, string? segment, string? sort, int? page, int? pageSize, int? daysLateOver, int? scoreBelow, FindCustomers find, CancellationToken ct)
    {
        if (daysLateOver is < 0 or > 3650)
        {
            return Infrastructure.Problems.Validation("daysLateOver", "Days late is a whole number of days from 0 to 3650.");
        }

        if (scoreBelow is < 1 or > 100)
        {
            return Infrastructure.Problems.Validation("scoreBelow", "A payment score is from 1 to 100.");
        }

        if (sort is not null && !Sorts.Contains(sort))
        {
            return Infrastructure.Problems.Validation("sort", $"Sort by one of: {string.Join(", ", Sorts)}.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Infrastructure.Problems.Validation("pageSize", $"Page size is 1 to {MaxPageSize}.");
        }

        return TypedResults.Ok(await find.Handle(new CustomerQuery(search, status, group, segment, sort, page ?? 1, pageSize ?? 25, DaysLateOver: daysLateOver, ScoreBelow: scoreBelow), ct));
    }
}
