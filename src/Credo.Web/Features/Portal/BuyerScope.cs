using System.Globalization;
using System.Security.Claims;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>A customer the signed-in buyer may see, with what they may do for it.</summary>
internal sealed record ScopedCustomer(long Id, string Number, string Name, string Currency, BuyerRole Role);

/// <summary>
/// The one place that says what a buyer may see: every portal page takes its customer from here, and checks any id
/// from the request (a customer number, a document id) against it. Nothing outside the scope exists for a buyer: a
/// customer or document of someone else is answered exactly like one that does not exist (404).
/// </summary>
internal sealed class BuyerScope(CreditDb db, IHttpContextAccessor http)
{
    private IReadOnlyList<ScopedCustomer>? _customers;

    /// <summary>The signed-in buyer's id, or null (no buyer principal: anonymous or staff).</summary>
    public long? BuyerId =>
        long.TryParse(http.HttpContext?.User.FindFirstValue(PortalFeature.BuyerIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Every customer granted to the buyer, by name.</summary>
    public async Task<IReadOnlyList<ScopedCustomer>> Customers(CancellationToken ct)
    {
        if (_customers is not null)
        {
            return _customers;
        }

        if (BuyerId is not { } buyerId)
        {
            return _customers = [];
        }

        var rows = await db.BuyerGrants.AsNoTracking().Where(g => g.BuyerUserId == buyerId)
            .Join(db.Customers, g => g.CustomerId, c => c.Id, (g, c) => new { c.Id, c.Number, c.LegalName, c.TradingName, c.Currency, g.Role })
            .ToListAsync(ct);
        return _customers = [.. rows.Select(r => new ScopedCustomer(r.Id, r.Number, r.TradingName ?? r.LegalName, r.Currency, r.Role)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// The customer a page is about: the one named by <paramref name="number"/> if it is in scope, the first granted one
    /// when none is named; null when the number is not in scope (the page answers 404).
    /// </summary>
    public async Task<ScopedCustomer?> Customer(string? number, CancellationToken ct)
    {
        var customers = await Customers(ct);
        return string.IsNullOrWhiteSpace(number)
            ? (customers.Count > 0 ? customers[0] : null)
            : customers.FirstOrDefault(c => string.Equals(c.Number, number.Trim(), StringComparison.Ordinal));
    }

    /// <summary>The customer of ledger entry <paramref name="entryId"/> if that customer is in scope, else null.</summary>
    public async Task<ScopedCustomer?> CustomerOfEntry(long entryId, CancellationToken ct)
    {
        var customerId = await db.Entries.Where(e => e.Id == entryId).Select(e => (long?)e.CustomerId).SingleOrDefaultAsync(ct);
        return customerId is { } id ? (await Customers(ct)).FirstOrDefault(c => c.Id == id) : null;
    }

    /// <summary>The customer of payment request <paramref name="requestId"/> if that customer is in scope, else null.</summary>
    public async Task<ScopedCustomer?> CustomerOfPaymentRequest(long requestId, CancellationToken ct)
    {
        var customerId = await db.PaymentRequests.Where(r => r.Id == requestId).Select(r => (long?)r.CustomerId).SingleOrDefaultAsync(ct);
        return customerId is { } id ? (await Customers(ct)).FirstOrDefault(c => c.Id == id) : null;
    }
}
