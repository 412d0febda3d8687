using Credo.Domain.Amounts;
using Credo.Domain.Matching;

namespace Credo.Domain.Tests.Matching;

/// <summary>Remittance advices read into the invoices (and amounts) a payment covers: email bodies and CSV files.</summary>
public sealed class RemittanceAdviceTests
{
    private static readonly Currency Eur = Currency.Of("EUR");

    [Theory]
    [InlineData("Invoice INV-0012345 1,234.56", "INV-0012345", 1_234_56L)]
    [InlineData("RE 0004552 betrag 1.234,56 EUR", "0004552", 1_234_56L)]
    [InlineData("  inv-75    20.00", "inv-75", 20_00L)]
    [InlineData("INV 75 paid 20.00", "INV 75", 20_00L)]
    [InlineData("2026/123 on 2026-02-10: 99.90", "2026/123", 99_90L)]
    [InlineData("Rechnung Nr. 12345", "12345", null)]
    public void A_line_of_text_gives_its_invoice_number_and_amount(string row, string reference, long? minor)
    {
        var advice = RemittanceAdvices.Read(row, AdviceForm.Email, Eur);

        Assert.True(advice.IsOk, advice.Error?.Message);
        var line = Assert.Single(advice.Value!.Lines);
        Assert.Equal((reference, minor), (line.Reference, line.Amount?.Minor));
    }

    [Theory]
    [InlineData("Thank you for your business")]
    [InlineData("Paid 1,234.56 on 2026-02-10")]
    [InlineData("EUR 100")]
    public void Text_without_an_invoice_number_is_refused(string body) =>
        Assert.False(RemittanceAdvices.Read(body, AdviceForm.Email, Eur).IsOk);

    [Fact]
    public void An_email_body_names_several_invoices_and_a_total()
    {
        const string body = """
            Dear accounts team,

            today we paid the following invoices:
              INV-0001001   1,000.00
              INV-0001002     250.50  (less 2% discount)
            Total: 1,250.50 EUR

            Kind regards, Muster GmbH
            """;

        var advice = RemittanceAdvices.Read(body, AdviceForm.Email, Eur).Value!;

        Assert.Equal(["INV-0001001", "INV-0001002"], advice.Lines.Select(l => l.Reference));
        Assert.Equal(1_250_50, advice.Total!.Value.Minor);
        Assert.Equal("A remittance advice (email) names INV-0001001 (1,000.00 EUR), INV-0001002 (250.50 EUR), 1,250.50 EUR in all", advice.Said);
    }

    [Fact]
    public void A_csv_advice_is_read_by_its_header_and_the_total_is_the_sum()
    {
        string[] header = ["Belegnummer", "Datum", "Betrag"];
        string[][] rows = [["INV-0001001", "2026-02-01", "1.000,00"], ["INV-0001002", "2026-02-03", "250,50"]];

        var advice = RemittanceAdvices.FromTable(header, rows, Eur).Value!;

        Assert.Equal([("INV-0001001", 1_000_00L), ("INV-0001002", 250_50L)], advice.Lines.Select(l => (l.Reference, l.Amount!.Value.Minor)));
        Assert.Equal(1_250_50, advice.Total!.Value.Minor);
    }

    [Fact]
    public void A_csv_without_a_document_number_column_is_refused() =>
        Assert.False(RemittanceAdvices.FromTable(["Datum", "Betrag"], [["2026-02-01", "1.00"]], Eur).IsOk);
}
