using Credo.Domain.Portal;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Portal;

/// <summary>ISO 11649 creditor references for portal payment requests: made, checked, read back and printed.</summary>
public sealed class PaymentReferenceTests
{
    [Theory]
    // request id, electronic form (check digits computed apart from the code, by the ISO 11649 steps: body + RF00, letters as numbers, 98 - mod 97)
    [InlineData(1L, "RF42CP00000001")]
    [InlineData(42L, "RF02CP00000042")]
    [InlineData(12345678L, "RF85CP12345678")]
    [InlineData(123456789L, "RF86CP123456789")]
    public void A_request_gets_its_reference(long id, string expected)
    {
        Assert.Equal(expected, PaymentReference.For(id));
        Assert.Equal(id, PaymentReference.RequestOf(expected));
    }

    [Theory]
    [InlineData("RF18539007547034", true)] // the example of ISO 11649
    [InlineData("RF18 5390 0754 7034", true)] // printed form
    [InlineData("rf18539007547034", true)] // any case
    [InlineData("RF19539007547034", false)] // a check digit wrong
    [InlineData("RF18539007547043", false)] // two digits swapped
    [InlineData("RF1853900754703", false)] // a digit missing
    [InlineData("XX18539007547034", false)] // not RF
    [InlineData("RF18", false)] // no body
    [InlineData("RF00ABCDEFGHIJKLMNOPQRSTUVWXYZ", false)] // body longer than 21
    [InlineData("RF18-5390-0754-7034", false)] // only spaces may separate
    [InlineData("", false)]
    [InlineData(null, false)]
    public void References_are_checked(string? text, bool valid) => Assert.Equal(valid, PaymentReference.IsValid(text));

    [Theory]
    [InlineData("RF18539007547034", null)] // valid, but no request's
    [InlineData("RF42 CP00 0000 01", 1L)]
    [InlineData("RF43CP00000001", null)] // wrong check digits
    [InlineData("RF00CP", null)]
    public void Only_a_valid_request_reference_names_a_request(string text, long? request) => Assert.Equal(request, PaymentReference.RequestOf(text));

    [Theory]
    [InlineData("RF18539007547034", "RF18 5390 0754 7034")]
    [InlineData("RF42CP00000001", "RF42 CP00 0000 01")]
    [InlineData("rf18 5390 0754 7034", "RF18 5390 0754 7034")]
    public void The_printed_form_is_in_groups_of_four(string reference, string printed) => Assert.Equal(printed, PaymentReference.Print(reference));

    [Fact]
    public void There_is_no_reference_for_request_zero() => Assert.Throws<ArgumentOutOfRangeException>(() => PaymentReference.For(0));

    [Property]
    public bool Every_request_reference_is_valid_and_names_its_request(FsCheck.PositiveInt id)
    {
        var reference = PaymentReference.For(id.Get);
        return PaymentReference.IsValid(reference) && PaymentReference.RequestOf(reference) == id.Get
            && PaymentReference.RequestOf(PaymentReference.Print(reference)) == id.Get && reference.Length <= 25;
    }

    [Property]
    public bool Changing_one_digit_breaks_the_check(FsCheck.PositiveInt id, FsCheck.NonNegativeInt at, char by)
    {
        var reference = PaymentReference.For(id.Get);
        int[] digitsAt = [2, 3, .. Enumerable.Range(6, reference.Length - 6)]; // the check digits and the number
        var i = digitsAt[at.Get % digitsAt.Length];
        var replacement = char.IsAsciiDigit(by) ? by : (char)('0' + (by % 10));
        if (replacement == reference[i])
        {
            return true;
        }

        var changed = reference[..i] + replacement + reference[(i + 1)..];
        return !PaymentReference.IsValid(changed);
    }
}
