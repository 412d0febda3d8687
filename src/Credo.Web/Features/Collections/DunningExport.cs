using System.Text;
using Credo.Domain.Amounts;

namespace Credo.Web.Features.Collections;

/// <summary>The dunning preview as CSV: one row per message and one per customer left out, with the excluded items and why.</summary>
internal sealed class DunningExport(PreviewDunning preview)
{
    public async Task Write(Stream output, DateOnly? asOf, CancellationToken ct)
    {
        var plan = await preview.Handle(asOf, ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync("customer,customer_name,contact,recipient,level,channel,items,amounts,fees,credit_hold,excluded_items");
        foreach (var m in plan.Messages)
        {
            await writer.WriteLineAsync(Row(m.Customer, m.CustomerName, m.RecipientName, m.Recipient, m.LevelName, m.Channel,
                string.Join("; ", m.Items.Select(i => $"{i.Document} ({i.Level}, {Show(i.Open)})")),
                string.Join("; ", m.Totals.Select(Show)), string.Join("; ", m.Fees.Select(Show)), m.CreditHold ? "yes" : "no", Excluded(m.LeftOutItems)));
        }

        foreach (var c in plan.LeftOut)
        {
            await writer.WriteLineAsync(Row(c.Customer, c.CustomerName, "", "", "left out: " + c.Why, "", "", "", "", "no", Excluded(c.Items)));
        }
    }

    private static string Excluded(IReadOnlyList<LeftOutItemDto> items) => string.Join("; ", items.Select(i => $"{i.Document} ({Show(i.Open)}): {i.Why}"));

    private static string Show(Infrastructure.Amount a) => Domain.Amounts.Money.FromMajor(a.Value, Domain.Amounts.Currency.Of(a.Currency)).Value.ToDisplayString();

    private static string Row(params string[] cells) => string.Join(',', cells.Select(Cell));

    private static string Cell(string value)
    {
        // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
