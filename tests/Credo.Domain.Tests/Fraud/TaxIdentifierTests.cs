using Credo.Domain.Fraud;

namespace Credo.Domain.Tests.Fraud;

public sealed class TaxIdentifierTests
{
    [Theory]
    // Published valid numbers (found online and listed as valid in python-stdnum's tests/test_eu_vat.doctest;
    // the GB ones from its gb/vat module docs and ports of its tests).
    [InlineData("DE 118619592")]
    [InlineData("DE - 113866163")]
    [InlineData("DE 221.304.969")]
    [InlineData("DE812847601")]
    [InlineData("DE136308783")]
    [InlineData("IT00743110157")]
    [InlineData("IT 00 595 000 217")]
    [InlineData("IT-01626160210")]
    [InlineData("IT 12920760159")]
    [InlineData("BE 0202.239.951")]
    [InlineData("BE (0)468.561.072")]
    [InlineData("BE0428759497")]
    [InlineData("BE413562567")] // old 9-digit form
    [InlineData("NL 009122746 B01")]
    [InlineData("NL806753742B01")]
    [InlineData("NL4495445B01")] // short form, padded
    [InlineData("NL003376734B77")] // RSIN 11-test
    [InlineData("NL001162938B28")] // mod 97-10 (post-2020 scheme)
    [InlineData("NL001452330B47")] // mod 97-10
    [InlineData("NL002455799B11")] // mod 97-10
    [InlineData("FR 04409414364")]
    [InlineData("FR 13 393 892 815")]
    [InlineData("fr 71383076817")]
    [InlineData("FR16000063601")] // Monaco
    [InlineData("GB 980 7806 84")] // sum ≡ 0 mod 97
    [InlineData("GB340804329")] // sum ≡ 42 mod 97
    [InlineData("ATU13585627")]
    [InlineData("ATU 142 43 102")]
    [InlineData("ATU61195628")]
    [InlineData("PL 5211355116")]
    [InlineData("PL 584-030-44-72")]
    [InlineData("PL-951-157-77-68")]
    public void Published_valid_numbers_pass_format_and_check_digits(string vat) =>
        Assert.Equal(TaxIdValidity.Valid, VatNumbers.Check(vat).Validity);

    [Theory]
    // The same sources' numbers with one digit mangled.
    [InlineData("DE 125014855")]
    [InlineData("DE 246 495 415")]
    [InlineData("DE 813 91 38 75")]
    [InlineData("IT00743110158")]
    [InlineData("IT 00595000218")]
    [InlineData("BE 0406.139.583")]
    [InlineData("BE 456.973.432")]
    [InlineData("BE697449982")]
    [InlineData("FR 04409414264")]
    [InlineData("FR 21 326 565 603")]
    [InlineData("GB802311781")]
    [InlineData("GB980780685")]
    [InlineData("ATU 143 43 102")]
    [InlineData("ATU46080904")]
    [InlineData("PL 5211355117")]
    [InlineData("NL123456789B01")] // fails both the 11-test and mod 97-10
    [InlineData("NL001162938B29")]
    public void Mangled_numbers_fail_the_check_digits(string vat) =>
        Assert.Equal(TaxIdValidity.BadCheckDigits, VatNumbers.Check(vat).Validity);

    [Theory]
    [InlineData("DE 246X595 415")]
    [InlineData("DE 011125440")] // German numbers never start with 0
    [InlineData("DE12345678")]
    [InlineData("NL 001241643801")]
    [InlineData("NL 009122746B00")]
    [InlineData("NL B06753742B01")]
    [InlineData("ATU 1515B209")]
    [InlineData("BE 02A2.239.951")]
    [InlineData("BE 2202239951")] // 10 digits must start with 0 or 1
    [InlineData("IT 0074311015")]
    [InlineData("FR IO334175221")] // no I or O in keys
    [InlineData("IE 4550C59S")]
    [InlineData("ES 1234567")]
    [InlineData("ES 123456789")] // Spanish numbers always carry a letter
    [InlineData("GB 12345678")]
    [InlineData("PL 52113551")]
    [InlineData("12345")]
    public void Malformed_numbers_are_bad_format(string vat) =>
        Assert.Equal(TaxIdValidity.BadFormat, VatNumbers.Check(vat).Validity);

    [Theory]
    // Format right; this scheme's check characters are not verified here.
    [InlineData("ES A-28184661")]
    [InlineData("ES 54362315K")]
    [InlineData("ES X5277343Q")]
    [InlineData("IE 6388047V")]
    [InlineData("IE6433435IH")]
    [InlineData("IE8D79739I")]
    [InlineData("FR K 7399859412")] // letter key
    [InlineData("GBGD001")]
    [InlineData("GBHA500")]
    public void Format_only_schemes(string vat) =>
        Assert.Equal(TaxIdValidity.FormatOnly, VatNumbers.Check(vat).Validity);

    [Theory]
    [InlineData("SE556043606401")]
    [InlineData("QQ 124567")]
    public void Unsupported_countries_are_reported(string vat) =>
        Assert.Equal(TaxIdValidity.UnknownPrefix, VatNumbers.Check(vat).Validity);

    [Theory]
    [InlineData("BE413562567", "BE0413562567")]
    [InlineData("NL4495445B01", "NL004495445B01")]
    [InlineData("de 136.695-976", "DE136695976")]
    public void Numbers_are_normalised(string raw, string normalised) =>
        Assert.Equal(normalised, VatNumbers.Check(raw).Normalised);

    [Theory]
    [InlineData("DE136695976", SignalOutcome.Clear)]
    [InlineData("ES A-28184661", SignalOutcome.Clear)]
    [InlineData("DE136695977", SignalOutcome.Raised)]
    [InlineData("XX1", SignalOutcome.Raised)]
    [InlineData("", SignalOutcome.NotApplicable)]
    [InlineData(null, SignalOutcome.NotApplicable)]
    public void Vat_signal(string? vat, SignalOutcome outcome)
    {
        var signal = VatNumbers.Signal(vat);
        Assert.Equal("vat-number-invalid", signal.Code);
        Assert.Equal(outcome, signal.Outcome);
        Assert.NotEmpty(signal.Evidence);
    }

    [Theory]
    [InlineData("12-3456789", TaxIdValidity.FormatOnly, "12-3456789")]
    [InlineData("123456789", TaxIdValidity.FormatOnly, "12-3456789")]
    [InlineData("95-1234567", TaxIdValidity.FormatOnly, "95-1234567")]
    [InlineData("00-1234567", TaxIdValidity.UnknownPrefix, "00-1234567")]
    [InlineData("07-1234567", TaxIdValidity.UnknownPrefix, "07-1234567")]
    [InlineData("89-1234567", TaxIdValidity.UnknownPrefix, "89-1234567")]
    [InlineData("97-1234567", TaxIdValidity.UnknownPrefix, "97-1234567")]
    [InlineData("12-345678", TaxIdValidity.BadFormat, "12-345678")]
    [InlineData("123-456789", TaxIdValidity.BadFormat, "123-456789")]
    [InlineData("AB-1234567", TaxIdValidity.BadFormat, "AB-1234567")]
    public void Employer_identification_numbers(string ein, TaxIdValidity validity, string normalised)
    {
        var check = EmployerIdentificationNumbers.Check(ein);
        Assert.Equal(validity, check.Validity);
        Assert.Equal(normalised, check.Normalised);
    }
}
