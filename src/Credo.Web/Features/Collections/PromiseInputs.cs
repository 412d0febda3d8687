using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Money = Credo.Domain.Amounts.Money;

namespace Credo.Web.Features.Collections;

/// <summary>What recording a promise and recording a plan share: reading the invoices and channel, building the rows.</summary>
internal static class Inputs
{
    public static string? Channel(string? text)
    {
        var normal = text?.Trim().ToLowerInvariant().Replace('-', ' ');
        return RecordPromise.Channels.FirstOrDefault(c => c == normal);
    }

    /// <summary>
    /// The customer and the open invoices promised, by number (all must be the customer's, open, and in one currency);
    /// no numbers means every open invoice due by <paramref name="today"/>.
    /// </summary>
    public static async Task<Result<(Customer Customer, List<LedgerEntry> Entries)>> Items(CreditDb db, string customerNumber, IReadOnlyList<string>? invoices, DateOnly today, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == customerNumber, ct);
        if (customer is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var numbers = (invoices ?? []).Select(n => n?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var query = db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.OpenMinor > 0 && e.DueOn != null);
        var entries = numbers.Count == 0
            ? await query.Where(e => e.DueOn <= today).OrderBy(e => e.DueOn).ToListAsync(ct)
            : await query.Where(e => e.Kind == EntryKind.Invoice && numbers.Contains(e.Document!)).OrderBy(e => e.DueOn).ToListAsync(ct);
        if (numbers.Count > 0 && entries.Count != numbers.Count)
        {
            var missing = numbers.First(n => entries.All(e => e.Document != n));
            return new ValidationFailed("invoices", $"Invoice '{missing}' is not an open invoice of customer {customerNumber}.");
        }

        if (entries.Count == 0)
        {
            return new ValidationFailed("invoices", "The customer has no open invoice due: name the invoices promised.");
        }

        return entries.Select(e => e.Currency).Distinct().Count() > 1
            ? new ValidationFailed("invoices", "A promise covers invoices in one currency; record one promise per currency.")
            : (customer, entries);
    }

    public static PaymentPromise NewPromise(CreditDb db, long customerId, PaymentPlanRecord? plan, int instalmentNo, DateOnly on, Money amount, string channel, List<LedgerEntry> entries, string? note) => new()
    {
        CustomerId = customerId,
        Plan = plan,
        InstalmentNo = instalmentNo,
        MadeOn = db.Today(),
        PromisedOn = on,
        AmountMinor = amount.Minor,
        Currency = amount.Currency.Code,
        Channel = channel,
        TakenBy = db.Actor.Name,
        TakenAtUtc = db.UtcNow,
        Status = Domain.Collections.PromiseStatus.Open,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        Items = [.. entries.Select(e => new PromiseItem { EntryId = e.Id, OpenAtPromiseMinor = e.OpenMinor })],
    };

    public static PromiseDto ToDto(PaymentPromise p, string customerNumber, IEnumerable<LedgerEntry> entries) =>
        new(p.Id, customerNumber, p.PlanId, p.InstalmentNo, p.MadeOn, p.PromisedOn, Amount.Of(p.AmountMinor, p.Currency), p.Channel, p.TakenBy,
            Domain.Collections.PromiseFlow.Describe(p.Status), p.SettledOn, [.. entries.Select(e => e.Document ?? "#" + e.Id)], p.Note);
}
