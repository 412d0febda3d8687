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
        await CsvAndAdvice(sp, today, Payer(picked[22].CustomerId), (picked[22].Document!, picked[22].OpenMinor), (picked[23].Document!, picked[23].OpenMinor), ct);
    }

    /// <summary>The second bank's layout, saved once and chosen when importing a CSV file of that bank.</summary>
    public const string CsvLayout = "Westbank";

    public const string CsvAccount = "US12SECB000004444444444";

    /// <summary>
    /// Issue 15 §1 and §3 in the demo: the second bank's CSV export (its saved column layout, semicolons, US dates) with
    /// two payments: one names its invoice and is applied; one names nothing ("AP RUN 0207") and waits until the payer's
    /// emailed remittance advice, read and linked to it by its total, lets the matcher apply it.
    /// </summary>
    internal static async Task CsvAndAdvice(IServiceProvider sp, DateOnly today, string payer, (string Number, long Minor) named, (string Number, long Minor) advised, CancellationToken ct)
    {
        const string layout = """
            {"kind": "bank-lines", "columns": {"Posting Date": "bookedOn", "Description": "remittance", "Counterparty": "payerName",
             "Amount": "amount", "Currency": "currency", "Bank Ref": "reference", "Running Balance": "balance"},
             "dateFormats": ["MM/dd/yyyy"], "delimiter": ";", "thousandsSeparator": ","}
            """;
        await sp.GetRequiredService<Imports.Mappings>().Save(CsvLayout, layout, ct);
        var mapping = Imports.ColumnMapping.Parse(layout).Value!;
        string Major(long minor) => (minor / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var date = today.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
        var csv = $"""
            Posting Date;Description;Counterparty;Amount;Currency;Bank Ref;Running Balance
            {date};Payment for invoice {named.Number};{payer};{Major(named.Minor)};USD;SECB{today:yyyyMMdd}01;{Major(10_000_00 + named.Minor)}
            {date};AP RUN 0207;ACCOUNTS PAYABLE SHARED SERVICES;{Major(advised.Minor)};USD;SECB{today:yyyyMMdd}02;{Major(10_000_00 + named.Minor + advised.Minor)}
            """;
        await sp.GetRequiredService<ImportBankStatement>().Handle(new ImportBankStatementRequest($"second-bank-{today:yyyy-MM-dd}.csv", csv, CsvAccount, true, mapping), ct);
        var advice = $"""
            Hello,

            please find our payment run of {today:yyyy-MM-dd} below.
              {advised.Number}    {Major(advised.Minor)}
            Total {Major(advised.Minor)} USD

            Accounts payable
            """;
        await sp.GetRequiredService<ReadRemittanceAdvice>().Handle(new RemittanceAdviceRequest(System.Text.Encoding.UTF8.GetBytes(advice), null, "USD"), ct);
    }
}
