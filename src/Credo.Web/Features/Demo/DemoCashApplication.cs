using System.Globalization;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// This morning's camt.053 from the demo seller's bank, imported through the real use case: payments for demo
/// customers' open USD invoices with remittance as messy as real ones (prefixes, separators, leading zeros dropped,
/// two invoices in one line, no number but the payer's name, a partial payment, strangers, bank fees). The engine
/// applies some lines, suggests some and leaves some unmatched, at Team → Cash application. Deterministic: the seed
/// and the demo's date.
/// </summary>
internal static class DemoCashApplication
{
    public const string Account = "US64SVBK000003333333333";

    public static async Task LoadAsync(IServiceProvider services, int seed, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        var today = DateOnly.FromDateTime(db.UtcNow);
        var random = new Random(seed);
        var open = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency == "USD" && e.OpenMinor > 0 && e.OpenMinor == e.AmountMinor)
            .OrderBy(e => e.Id).Select(e => new { e.Document, e.OpenMinor, e.CustomerId }).Take(4000).ToListAsync(ct);
        var names = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.TradingName ?? c.LegalName, ct);
        var picked = open.OrderBy(_ => random.Next()).DistinctBy(i => i.CustomerId).Take(24).ToList();
        if (picked.Count < 24)
        {
            return;
        }

        var entries = new List<BankStatementEntry>();
        string Ref() => "SVB" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        string Payer(long customerId) => names[customerId].ToUpperInvariant();
        string[] forms = ["{0}", "Invoice {0}", "INV {1}", "PAYMENT {0} THANK YOU", "inv#{2}", "Re: {1}"];
        for (var i = 0; i < 14; i++)
        {
            var invoice = picked[i];
            var number = invoice.Document!;
            var text = string.Format(CultureInfo.InvariantCulture, forms[i % forms.Length], number, number.Replace("INV-", "", StringComparison.Ordinal).Replace('-', '/'), number.Replace("-", "", StringComparison.Ordinal));
            entries.Add(new(today, invoice.OpenMinor, Payer(invoice.CustomerId), null, text, Ref()));
        }

        var pair = open.Where(i => i.CustomerId == picked[14].CustomerId).Take(2).ToList();
        if (pair.Count == 2)
        {
            entries.Add(new(today, pair.Sum(p => p.OpenMinor), Payer(pair[0].CustomerId), null, $"INVOICES {pair[0].Document} AND {pair[1].Document}", Ref()));
        }

        for (var i = 15; i < 19; i++)
        {
            // No number: only the payer's name, as their bank wrote it, and the exact amount.
            entries.Add(new(today, picked[i].OpenMinor, Payer(picked[i].CustomerId), null, "SUPPLIER PAYMENT", Ref()));
        }

        for (var i = 19; i < 22; i++)
        {
            // A partial payment naming the invoice.
            entries.Add(new(today, picked[i].OpenMinor / 2, Payer(picked[i].CustomerId), null, $"Part payment {picked[i].Document}", Ref()));
        }

        entries.Add(new(today, 1_234_56, "J SMITH", null, "DEPOSIT", Ref()));
        entries.Add(new(today, 987_65, "ACME HOLDINGS", null, "REFUND QUERY", Ref()));
        entries.Add(new(today, -45_00, "SILICON VALLEY BANK", null, "WIRE FEES", Ref()));
        entries.Add(new(today, -12_50, "SILICON VALLEY BANK", null, "ACCOUNT MAINTENANCE", Ref()));

        var xml = Camt053Writer.Write(Account, "USD", $"HV-{today:yyyyMMdd}", today.DayOfYear, today, 250_000_00, entries);
        await sp.GetRequiredService<ImportBankStatement>().Handle(new ImportBankStatementRequest($"camt053-{today:yyyy-MM-dd}.xml", xml, Account), ct);
    }
}
