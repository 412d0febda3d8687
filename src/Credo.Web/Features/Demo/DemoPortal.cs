using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Demo;

/// <summary>
/// The demo's buyer (issue 16): <see cref="Email"/> / <see cref="Password"/>, granted to the first demo customer (by
/// number, so the choice is deterministic) that has a credit limit, an overdue invoice and one not yet due.
/// </summary>
internal static class DemoPortal
{
    public const string Email = "buyer@retailer.example";
    public const string Password = "Credo-Demo-Buyer1";

    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        var today = db.Today();
        var overdue = db.Entries.Where(e => e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && e.DueOn < today).Select(e => e.CustomerId);
        var notYetDue = db.Entries.Where(e => e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && e.DueOn >= today).Select(e => e.CustomerId);
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => overdue.Contains(c.Id) && notYetDue.Contains(c.Id))
            .OrderBy(c => c.Number).Select(c => new { c.Id, c.Number }).Take(50).ToListAsync(ct);
        var counted = sp.GetRequiredService<IOptions<CreditOptions>>().Value.Counted;
        foreach (var candidate in candidates)
        {
            var levels = await db.Availability(candidate.Number, counted, ct) ?? [];
            if (levels.Any(l => l.Level == "customer" && l.Limit is > 0 && l.Headroom is > 0))
            {
                await Grant(db, sp.GetRequiredService<IPasswordHasher<BuyerUser>>(), candidate.Id, ct);
                return;
            }
        }
    }

    private static async Task Grant(CreditDb db, IPasswordHasher<BuyerUser> hasher, long customerId, CancellationToken ct)
    {
        var user = new BuyerUser { Email = Email, NormalizedEmail = Email.ToUpperInvariant(), SecurityStamp = AcceptInvitation.NewStamp(), CreatedAtUtc = db.UtcNow };
        user.PasswordHash = hasher.HashPassword(user, Password);
        db.BuyerUsers.Add(user);
        await db.SaveChangesAsync(ct);
        db.BuyerGrants.Add(new BuyerGrant { BuyerUserId = user.Id, CustomerId = customerId, Role = BuyerRole.Pay, GrantedAtUtc = db.UtcNow, GrantedBy = "demo" });
        await db.SaveChangesAsync(ct);
    }
}
