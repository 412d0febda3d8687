using Credo.Domain.Applications;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Applications;

/// <summary>A customer whose credit line is due (or overdue) for review, with the review in progress if one is open.</summary>
internal sealed record ReviewDue(string CustomerNumber, string LegalName, DateOnly ReviewOn, int DaysOverdue, decimal? Limit, string Currency, string? OpenApplication);

/// <summary>The reviews-due queue: customer lines whose review date has come (or comes within <c>withinDays</c>).</summary>
internal sealed class ReviewsDue(CreditDb db)
{
    public async Task<IReadOnlyList<ReviewDue>> List(int withinDays, CancellationToken ct)
    {
        var today = db.Today();
        var until = today.AddDays(Math.Clamp(withinDays, 0, 366));
        var due = await (from l in db.CreditLines.AsNoTracking()
                         join c in db.Customers.AsNoTracking() on l.SubjectId equals c.Id
                         where l.Level == LimitLevel.Customer && l.ReviewOn != null && l.ReviewOn <= until
                         orderby l.ReviewOn, c.Number
                         select new { c.Id, c.Number, c.LegalName, ReviewOn = l.ReviewOn!.Value, l.LimitMinor, l.Currency }).Take(1000).ToListAsync(ct);
        var ids = due.Select(d => d.Id).ToList();
        var open = (await db.Applications.AsNoTracking()
                .Where(a => a.CustomerId != null && ids.Contains(a.CustomerId.Value) && a.Status != ApplicationStatus.Approved && a.Status != ApplicationStatus.Declined && a.Status != ApplicationStatus.Withdrawn)
                .Select(a => new { CustomerId = a.CustomerId!.Value, a.Reference }).ToListAsync(ct))
            .GroupBy(a => a.CustomerId).ToDictionary(g => g.Key, g => g.First().Reference);
        return [.. due.Select(d => new ReviewDue(
            d.Number, d.LegalName, d.ReviewOn, today.DayNumber - d.ReviewOn.DayNumber,
            d.LimitMinor is { } m ? MoneyJson.Major(m, d.Currency) : null, d.Currency, open.GetValueOrDefault(d.Id)))];
    }

    public static async Task<IResult> Endpoint(int? withinDays, ReviewsDue reviews, CancellationToken ct) =>
        TypedResults.Ok(await reviews.List(withinDays ?? 0, ct));
}
