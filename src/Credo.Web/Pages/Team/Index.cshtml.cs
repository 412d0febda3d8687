using Credo.Domain.Customers;
using Credo.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team;

internal sealed class DashboardModel(CreditDb db, TimeProvider clock) : PageModel
{
    public DateOnly AsOf { get; private set; }

    public int Customers { get; private set; }

    public int Active { get; private set; }

    public int OnHold { get; private set; }

    public int Blocked { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        AsOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var byStatus = await db.Customers.AsNoTracking().GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(CustomerStatus s) => byStatus.Where(x => x.Status == s).Sum(x => x.Count);
        Customers = byStatus.Sum(x => x.Count);
        Active = Count(CustomerStatus.Active);
        OnHold = Count(CustomerStatus.OnHold);
        Blocked = Count(CustomerStatus.Blocked);
    }
}
