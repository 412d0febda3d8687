using System.Globalization;
using System.Text;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Imports;

namespace Credo.Web.Cli;

/// <summary>
/// <c>generate payers</c> (issue 13 §5): customers, invoices and their payments from <see cref="PayerSimulation"/>, whose
/// lateness depends on tenure, size against the customer's usual, segment, season, deterioration, disputes and what is
/// already overdue, so the late-payment model has something real to learn. Three CSV files in Credo's own layout
/// (customers, invoices, payments each naming the invoice it pays), or imported in that order through the imports.
/// Deterministic for a seed and an as-of date.
/// </summary>
internal static class GeneratePayers
{
    public static string CustomerNumber(long id) => string.Create(CultureInfo.InvariantCulture, $"PAY-{id:D6}");

    /// <summary>The three files' text: customers, invoices, payments (a payment per invoice paid by the as-of date).</summary>
    public static (string Customers, string Invoices, string Payments) Csv(int seed, int customers, int invoicesPerCustomer, int months, DateOnly asOf)
    {
        var (payers, invoices) = PayerSimulation.Generate(new Random(seed), customers, invoicesPerCustomer, months, asOf);
        var c = new StringBuilder("number,legalName,currency,terms,city,country\n");
        foreach (var p in payers)
        {
            c.Append(CultureInfo.InvariantCulture, $"{CustomerNumber(p.Customer.CustomerId)},Payer {p.Customer.CustomerId:D6} ({p.Customer.Segment}) Ltd,USD,NET30,Springfield,US\n");
        }

        var i = new StringBuilder("customer,document,date,amount,currency,dueOn\n");
        var pay = new StringBuilder("customer,document,date,amount,currency,invoice,method\n");
        foreach (var inv in invoices)
        {
            var amount = (inv.AmountMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            var customer = CustomerNumber(inv.CustomerId);
            i.Append(CultureInfo.InvariantCulture, $"{customer},PI-{inv.Id:D8},{inv.IssuedOn:yyyy-MM-dd},{amount},USD,{inv.DueOn:yyyy-MM-dd}\n");
            if (inv.PaidOn is { } paidOn)
            {
                pay.Append(CultureInfo.InvariantCulture, $"{customer},PP-{inv.Id:D8},{paidOn:yyyy-MM-dd},{amount},USD,PI-{inv.Id:D8},bank-transfer\n");
            }
        }

        return (c.ToString(), i.ToString(), pay.ToString());
    }

    /// <summary>Writes the three files into <paramref name="directory"/>.</summary>
    public static async Task<IReadOnlyList<string>> Write(DirectoryInfo directory, (string Customers, string Invoices, string Payments) files, CancellationToken ct)
    {
        directory.Create();
        var paths = new[] { "payers-customers.csv", "payers-invoices.csv", "payers-payments.csv" }.Select(n => Path.Combine(directory.FullName, n)).ToList();
        await File.WriteAllTextAsync(paths[0], files.Customers, ct);
        await File.WriteAllTextAsync(paths[1], files.Invoices, ct);
        await File.WriteAllTextAsync(paths[2], files.Payments, ct);
        return paths;
    }

    /// <summary>Imports the three files in order (customers, invoices, payments); stops at the first that does not succeed.</summary>
    public static async Task<IReadOnlyList<ImportReport>> Import(ImportFile import, (string Customers, string Invoices, string Payments) files, CancellationToken ct)
    {
        var reports = new List<ImportReport>();
        foreach (var (kind, text, name) in new[] { (ImportKind.Customers, files.Customers, "payers-customers.csv"), (ImportKind.Invoices, files.Invoices, "payers-invoices.csv"), (ImportKind.Payments, files.Payments, "payers-payments.csv") })
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var report = await import.Run(new ImportRequest(kind, stream, name, stream.Length, ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), null, ct);
            reports.Add(report);
            if (report.Status != ImportStatus.Succeeded)
            {
                break;
            }
        }

        return reports;
    }
}
