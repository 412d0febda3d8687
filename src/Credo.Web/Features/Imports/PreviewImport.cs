using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

/// <summary>One previewed row: the value of each Credo field as read, and the problems found in it by field.</summary>
internal sealed record PreviewRow(long Line, IReadOnlyList<string?> Values, IReadOnlyDictionary<string, string> Errors);

/// <summary>The first rows of a file as an import would read them, before anything is written.</summary>
internal sealed record ImportPreview(
    string Delimiter, IReadOnlyList<string> SourceHeader, IReadOnlyList<string> Fields, IReadOnlyList<RowError> HeaderErrors, IReadOnlyList<PreviewRow> Rows);

/// <summary>Reads the first rows with the same reader and parser as the import, and checks that customers exist.</summary>
internal sealed class PreviewImport(CreditDb db)
{
    public const int Rows = 10;

    public async Task<ImportPreview> Handle(Stream content, ColumnMapping mapping, CancellationToken ct)
    {
        using var source = CsvSource.Open(content, mapping);
        var parser = new RowParser(mapping);
        var rows = new List<(SourceRecord Record, List<RowError> Errors, LedgerRow? Ledger)>();
        foreach (var record in source.Records().Take(Rows))
        {
            var errors = new List<RowError>();
            LedgerRow? ledger = null;
            if (record.Problem is { } problem)
            {
                errors.Add(problem);
            }
            else if (mapping.Kind == ImportKind.Customers)
            {
                parser.ParseCustomer(record, errors);
            }
            else if (mapping.Kind == ImportKind.ExchangeRates)
            {
                parser.ParseExchangeRate(record, errors);
            }
            else
            {
                ledger = parser.ParseLedger(record, errors);
            }

            rows.Add((record, errors, ledger));
        }

        if (mapping.Kind is not (ImportKind.Customers or ImportKind.ExchangeRates))
        {
            var numbers = rows.Where(r => r.Ledger is not null).Select(r => r.Ledger!.Customer).Distinct().ToList();
            var known = await db.Customers.AsNoTracking().Where(c => numbers.Contains(c.Number))
                .ToDictionaryAsync(c => c.Number, c => new CustomerFacts(c.Id, c.Number, c.Currency, c.TermsCode), StringComparer.Ordinal, ct);
            foreach (var (_, errors, ledger) in rows.Where(r => r.Ledger is not null))
            {
                if (!known.TryGetValue(ledger!.Customer, out var customer))
                {
                    errors.Add(new RowError(ledger.Line, "customer", $"No customer '{ledger.Customer}'."));
                }
                else
                {
                    parser.Resolve(ledger, customer, errors);
                }
            }
        }

        return new ImportPreview(
            source.Delimiter == "\t" ? "tab" : source.Delimiter,
            source.Header,
            [.. source.Fields.Select(f => f.Name)],
            source.HeaderErrors,
            [.. rows.Select(r => new PreviewRow(
                r.Record.Line,
                r.Record.Values,
                r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Reason)), StringComparer.Ordinal)))]);
    }
}
