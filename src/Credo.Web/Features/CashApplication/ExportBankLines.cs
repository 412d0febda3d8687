using System.Globalization;
using Credo.Web.Features.Exports;
using CsvHelper;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// <c>export bank-lines [--statement ID]</c>: one CSV row per statement line with its status (applied, suggested,
/// unmatched, not a payment), the invoices and amounts applied or suggested, and the score. Cells a spreadsheet would
/// run as a formula are escaped (the exports' writer options).
/// </summary>
internal sealed class ExportBankLines(ReadCashApplication read)
{
    public async Task Write(Stream output, long? statementId, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, ExportCsv.Options, leaveOpen: true);
        csv.WriteHeader(["statement", "lineReference", "bookedOn", "amount", "currency", "counterparty", "remittance", "status", "invoices", "score"]);
        var statements = statementId is { } only ? [only] : (await read.Statements(500, ct)).Select(s => s.Id).Reverse().ToList();
        foreach (var id in statements)
        {
            var statement = await read.Statement(id, ct);
            foreach (var line in await read.Lines(id, null, ct))
            {
                var format = "F" + Credo.Domain.Amounts.Currency.Of(line.Currency).Scale.ToString(CultureInfo.InvariantCulture);
                var invoices = string.Join(" ", line.Allocations.Select(a => $"{a.InvoiceNumber}={a.Amount.ToString(format, CultureInfo.InvariantCulture)}"));
                await csv.WriteRecordAsync(
                [
                    statement?.StatementId, line.BankReference ?? line.LineNo.ToString(CultureInfo.InvariantCulture), line.BookedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    line.Amount.ToString(format, CultureInfo.InvariantCulture), line.Currency, line.CounterpartyName, line.Remittance, line.Status, invoices,
                    line.Score.ToString(CultureInfo.InvariantCulture),
                ], ct);
            }
        }
    }
}
