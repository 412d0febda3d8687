using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// What evidence is recorded against: an application (by reference) or a customer (by number). URLs name it as
/// <c>applications/{reference}</c> or <c>customers/{number}</c>.
/// </summary>
internal sealed record EvidenceTarget(string Kind, string Key, long? ApplicationId, long? CustomerId, string? TaxId, string? Country, Currency Currency, string Name)
{
    public const string Applications = "applications";
    public const string Customers = "customers";

    public BureauSubject Subject => BureauSubject.For(TaxId, CustomerId, ApplicationId, Country, Currency);

    public static EvidenceTarget Of(CreditApplication a) =>
        new(Applications, a.Reference, a.Id, a.CustomerId, a.TaxId, a.Country, Currency.TryParse(a.Currency, out var c) ? c.Value : Currency.Usd, a.LegalName ?? a.TradingName ?? a.Reference);
}

internal static class EvidenceTargets
{
    public static async Task<Result<EvidenceTarget>> Resolve(this CreditDb db, string kind, string key, CancellationToken ct)
    {
        switch (kind)
        {
            case EvidenceTarget.Applications:
                var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == key, ct);
                return application is null ? new NotFound("Application", key) : EvidenceTarget.Of(application);
            case EvidenceTarget.Customers:
                var customer = await db.Customers.AsNoTracking()
                    .Where(c => c.Number == key)
                    .Select(c => new { c.Id, c.TaxId, c.BillingAddress.Country, c.Currency, c.LegalName })
                    .SingleOrDefaultAsync(ct);
                return customer is null
                    ? new NotFound("Customer", key)
                    : new EvidenceTarget(kind, key, null, customer.Id, customer.TaxId, customer.Country, Currency.TryParse(customer.Currency, out var c) ? c.Value : Currency.Usd, customer.LegalName);
            default:
                return new ValidationFailed("kind", "Evidence is recorded for applications/{reference} or customers/{number}.");
        }
    }
}
