using Credo.Domain.Matching.Formats;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Matching;

/// <summary>What the parsers take out of a line for the matcher: remittance, references, payer; and amounts.</summary>
public sealed class StatementContentTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Matching", "Fixtures");

    private static ParsedFile Read(string file)
    {
        var result = StatementReader.Read(File.ReadAllText(Path.Combine(Root, file)));
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }

    [Fact]
    public void Knab_one_payment_for_two_invoices_keeps_both_numbers()
    {
        var line = Read("mt940/jejik/knab.sta").Statements[1].Lines[0];
        Assert.StartsWith("FACTUUR 201403110, 201403113", line.Remittance, StringComparison.Ordinal);
        Assert.Equal("B4G29PGCVO7Q06US", line.BankReference);
    }

    [Fact]
    public void Bai2_wire_remittance_comes_from_the_continuation_records()
    {
        var statement = Read("bai2/eod.bai2").Statements[0];
        var line = statement.Lines[0];
        Assert.Equal(("3333333333", "INVOICE 123456", "OPTIONS LINK WIRE CLEARING", Credo.Domain.Amounts.Money.Usd(83_259_82)), (statement.Account, line.Remittance, line.CounterpartyName, line.Amount));
        Assert.Equal(new DateOnly(2010, 8, 31), line.BookedOn);
    }

    [Fact]
    public void Sepa_structured_86_gives_end_to_end_id_purpose_and_payer()
    {
        var lines = Read("mt940/betterplace/sepa_snippet.sta").Statements.SelectMany(s => s.Lines).ToList();
        var first = lines[0];
        Assert.Equal("EndToEndId TFNR 22 004 00001", first.EndToEndId);
        Assert.Equal("Verw CTSc-01 BC-PPP TFNr 22 004", first.Remittance);
        Assert.Equal("KARL        KAUFMANN", first.CounterpartyName);
        Assert.Equal("DE14508800500194785000", first.CounterpartyAccount);
    }

    [Fact]
    public void Camt054_gathers_the_remittance_and_creditor_references_of_every_transaction_detail()
    {
        var line = Read("camt/camt054.v2.xml").Statements[0].Lines[0];
        Assert.Equal(["ISR ref number V1", "ISR ref number V2", "Ref number V3 block 1", "Ref number V3 block 2"], line.StructuredReferences);
        Assert.Contains("Unstructured Remittance Information V3 block 2", line.Remittance, StringComparison.Ordinal);
        Assert.Equal(("MUELL/FINP/RA12345", "AAAASESS-FP-ACCR001"), (line.EndToEndId, line.BankReference));
    }

    [Fact]
    public void Camt_pending_entries_are_lines_but_not_booked()
    {
        Assert.False(Read("camt/camt052.v6.Amt-zero.xml").Statements[0].Lines[0].Booked);
        Assert.True(Read("camt/camt053.v2.minimal.xml").Statements[0].Lines[0].Booked);
    }

    [Fact]
    public void Camt053_payer_is_the_debtor_with_account()
    {
        var line = Read("camt/camt053.v8.xml").Statements[0].Lines[0];
        Assert.Equal(("NAME NAME", "NL56AGDH9619008421", "MUELL/FINP/RA12345"), (line.CounterpartyName, line.CounterpartyAccount, line.EndToEndId));
        Assert.Equal(["4654654654654654"], line.StructuredReferences);
    }

    [Theory]
    // text, currency, separator, minor units or the refusal
    [InlineData("8.85", "EUR", '.', "885")]
    [InlineData("8.850", "EUR", '.', "885")]
    [InlineData("5442.09000", "RON", '.', "544209")]
    [InlineData("0", "CHF", '.', "0")]
    [InlineData("200000", "SEK", '.', "20000000")]
    [InlineData("2700", "JPY", '.', "2700")]
    [InlineData("380115,", "EUR", ',', "38011500")]
    [InlineData("380115,1", "EUR", ',', "38011510")]
    [InlineData("00,12", "EUR", ',', "12")]
    [InlineData("000000000147,64", "EUR", ',', "14764")]
    [InlineData("1.234", "BHD", '.', "1234")]
    [InlineData("8.855", "EUR", '.', "more decimals than EUR allows (2)")]
    [InlineData("1.5", "JPY", '.', "more decimals than JPY allows (0)")]
    [InlineData("", "EUR", '.', "the amount is empty")]
    [InlineData("12a", "EUR", '.', "is not an amount")]
    [InlineData(",", "EUR", ',', "is not an amount")]
    [InlineData("1234567890123456789", "EUR", '.', "is too large")]
    public void Amounts_are_read_into_minor_units_without_floating_point(string text, string code, char separator, string expected)
    {
        var money = StatementAmount.Parse(text, Currency.Of(code), separator, out var problem);
        if (money is { } value)
        {
            Assert.Equal(expected, value.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>", "not a camt.052, camt.053 or camt.054")]
    [InlineData("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>", "line 1: the file is not well-formed XML")]
    [InlineData("", "the file is empty")]
    [InlineData("date,amount\n2026-01-01,10", "the format is not recognised")]
    [InlineData("01,1,2,260101,1200,1,,,2/\n99,0,0,2/", "the file reports no account")]
    [InlineData("01,1,2,260101,1200,1,,,2/\n02,2,1,1,260101,,USD,2/\n03,42,USD,010,100,,/\n16,175,500,Z,R1,,PAY\n49,600,3/\n98,600,1,5/\n99,600,1,6/", "line 7: the file trailer counts 6 records, but there are 7")]
    [InlineData(":20:X\n:25:DE1\n:28C:1\n:60F:C260101EUR1,00\n:61:26010XC1,00NTRF\n:62F:C260101EUR2,00\n-", "line 5: :61: '26010XC1,00NTRF' is not a statement line")]
    [InlineData(":20:X\n:25:DE1\n:28C:1\n:60F:C260101EUR1,005\n-", "line 4: :60F: '1,005' has more decimals than EUR allows")]
    public void Bad_files_are_refused_whole_with_where_and_why(string content, string reason)
    {
        var result = StatementReader.Read(content);
        Assert.False(result.IsOk);
        Assert.Contains(reason, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bai2_several_accounts_in_one_group_each_become_a_statement_with_their_balances()
    {
        const string file = """
            01,BANK,SELLER,261207,0800,7,80,1,2/
            02,SELLER,BANK,1,261206,0800,USD,2/
            03,111,USD,010,100000,,,015,150000,,/
            16,175,50000,Z,REF1,CUST1,INV 4711
            88,PAID BY ACME
            49,300000,4/
            03,222,CAD,010,500,,/
            88,015,200,,/
            16,475,300,Z,REF2,,FEE
            49,1000,4/
            98,301000,2,10/
            99,301000,1,12/
            """;
        var result = StatementReader.Read(file);
        Assert.True(result.IsOk, result.Error?.Message);
        var statements = result.Value!.Statements;
        Assert.Equal(["111", "222"], statements.Select(s => s.Account));
        Assert.Equal(("INV 4711 PAID BY ACME", Credo.Domain.Amounts.Money.Usd(500_00)), (statements[0].Lines[0].Remittance, statements[0].Lines[0].Amount));
        Assert.Equal(new Credo.Domain.Amounts.Money(-300, Currency.Of("CAD")), statements[1].Lines[0].Amount);
        Assert.True(BalanceCheck.Of(statements[0]).Balanced);
        Assert.True(BalanceCheck.Of(statements[1]).Balanced);
    }
}
