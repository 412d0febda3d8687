using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// A payment in another currency (issue 15, stage 3): this morning's statement of the demo seller's euro account
/// holds one customer's payment in EUR for a USD invoice, a few cents short at today's rate. Today's EUR to USD rate
/// is recorded first (the demo's rate history is three years old, too old to be the day's rate); the engine converts
/// the line at it, applies it and posts the exchange difference as its own adjustment. Deterministic: the seed and
/// the demo's date.
/// </summary>
internal static class DemoCashExchange
{
    public const string Account = "DE89370400440532013000";

    public const decimal EurToUsd = 1.0850m;

    public static async Task LoadAsync(IServiceProvider services, int seed, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        var today = db.Today();
        var random = new Random(seed + 15);
        var open = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency == "USD" && e.OpenMinor > 1_000_00 && e.OpenMinor == e.AmountMinor && e.DueOn >= today)
            .OrderByDescending(e => e.Id).Select(e => new { e.Document, e.OpenMinor, e.CustomerId }).Take(200).ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }

        var invoice = open[random.Next(open.Count)];
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == invoice.CustomerId).Select(c => c.TradingName ?? c.LegalName).SingleAsync(ct);
        db.ExchangeRates.Add(new ExchangeRateEntry { FromCurrency = "EUR", ToCurrency = "USD", EffectiveOn = today, Rate = EurToUsd, Reason = "Today's rate from the bank", RecordedAtUtc = db.UtcNow, RecordedBy = db.Actor.Name });
        await db.SaveChangesAsync(ct);

        // What the customer's bank sent: the invoice's dollars in euros, rounded down to a whole euro.
        var euros = (long)decimal.Floor(invoice.OpenMinor / EurToUsd / 100m) * 100;
        var entry = new BankStatementEntry(today, euros, customer.ToUpperInvariant(), "FR7630006000011234567890189", $"Invoice {invoice.Document} (paid in EUR)", "BNP" + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var xml = Camt053Writer.Write(Account, "EUR", $"EU-{today:yyyyMMdd}", today.DayOfYear, today, 80_000_00, [entry]);
        await sp.GetRequiredService<ImportBankStatement>().Handle(new ImportBankStatementRequest($"camt053-eur-{today:yyyy-MM-dd}.xml", xml, Account), ct);
    }
}
