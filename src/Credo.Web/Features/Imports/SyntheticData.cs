using System.IO.Pipelines;
using Credo.Web.Data;
using CsvHelper;

namespace Credo.Web.Features.Imports;

/// <summary>
/// Deterministic synthetic receivables in Credo's own CSV layout (the "credo" mapping): the same seed, counts and
/// code give byte-identical output. Written streaming, so ten million invoices need no more memory than ten.
/// Customers do not depend on the seed (GEN-000001 is always the same customer), so several generated invoice
/// sets can share them.
/// </summary>
internal sealed class SyntheticData(int seed)
{
    private static readonly string[] Terms = ["NET30", "NET45", "EOM+30", "2/10NET30", "NET60", "DUE"];
    private static readonly string[] Names = ["Corner Market", "Fresh Foods", "City Grocers", "Harbour Stores", "Valley Pharmacy", "Main Street Hardware", "Sunrise Deli", "Metro Wholesale"];

    /// <summary>The first issue date of generated invoices; they spread over the two years that follow.</summary>
    public static readonly DateOnly FirstDate = new(2024, 1, 1);

    public int Seed { get; } = seed;

    public static string CustomerNumber(int index) => $"GEN-{index:D6}";

    public string InvoiceNumber(long index) => $"S{Seed}-INV-{index:D9}";

    public static async Task WriteCustomers(Stream output, int customers, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader(["number", "legalName", "currency", "terms", "city", "country"]);
        for (var i = 1; i <= customers; i++)
        {
            await csv.WriteRecordAsync([CustomerNumber(i), $"{Names[i % Names.Length]} {i:D6} Ltd", "USD", Terms[i % Terms.Length], "Springfield", "US"], ct);
        }
    }

    /// <summary>
    /// Invoices for customers GEN-000001..GEN-{customers}: issue dates spread over two years in file order,
    /// amounts from 10.00 to 20,000.00 USD, a third with explicit due dates, the rest due by the customer's terms.
    /// </summary>
    public async Task WriteInvoices(Stream output, long count, int customers, Action<long>? onRows = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        var random = new Random(Seed);
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader(["customer", "document", "date", "amount", "dueOn", "poNumber"]);
        const int spanDays = 730;
        for (long i = 1; i <= count; i++)
        {
            var issued = FirstDate.AddDays((int)((i - 1) * spanDays / Math.Max(count, 1)));
            var amountMinor = random.NextInt64(1_000, 2_000_001);
            var customer = random.Next(1, customers + 1);
            var explicitDue = random.Next(3) == 0;
            csv.WriteField(CustomerNumber(customer));
            csv.WriteField(InvoiceNumber(i));
            csv.WriteField(issued, "yyyy-MM-dd");
            csv.WriteField(amountMinor / 100m, "F2");
            if (explicitDue)
            {
                csv.WriteField(issued.AddDays(random.Next(7, 91)), "yyyy-MM-dd");
            }
            else
            {
                csv.WriteField(string.Empty);
            }

            csv.WriteField(random.Next(4) == 0 ? $"PO-{random.Next(100_000, 999_999)}" : string.Empty);
            await csv.EndRecordAsync(ct);
            if (i % 100_000 == 0)
            {
                onRows?.Invoke(i);
            }
        }

        onRows?.Invoke(count);
    }

    /// <summary>
    /// Creates the customers (idempotently) and streams the invoices straight into the database through the import
    /// pipeline and its bulk path: the CSV never touches the disk.
    /// </summary>
    public async Task<(ImportReport Customers, ImportReport Invoices)> IntoDatabase(CreditDb db, long count, int customers, Action<long>? onBytes = null, CancellationToken ct = default)
    {
        var progress = new ImportProgress();
        var customerReport = await Piped(db, progress, ImportKind.Customers, "generated-customers.csv", s => WriteCustomers(s, customers, ct), null, ct);
        var invoiceReport = await Piped(db, progress, ImportKind.Invoices, $"generated-invoices-seed{Seed}.csv", s => WriteInvoices(s, count, customers, null, ct), onBytes, ct);
        return (customerReport, invoiceReport);
    }

    private static async Task<ImportReport> Piped(CreditDb db, ImportProgress progress, ImportKind kind, string name, Func<Stream, Task> write, Action<long>? onBytes, CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var producer = Task.Run(
            async () =>
            {
                await using var writer = pipe.Writer.AsStream();
                try
                {
                    await write(writer);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            },
            ct);
        await using var reader = pipe.Reader.AsStream();
        var report = await new ImportFile(db, progress).Run(new ImportRequest(kind, reader, name, 0, ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), onBytes, ct);
        await producer;
        return report;
    }
}
