using System.Text.RegularExpressions;

namespace Credo.Domain.Fraud;

public enum TaxIdValidity
{
    /// <summary>The format matches and the check digits are right.</summary>
    Valid,

    /// <summary>The format matches; this scheme's check digits are not verified here (see <see cref="VatNumbers"/>).</summary>
    FormatOnly,

    BadFormat,

    BadCheckDigits,

    /// <summary>A country prefix (or EIN prefix) that is not recognised or never issued.</summary>
    UnknownPrefix,
}

/// <param name="Normalised">Upper case without spaces, dots, dashes, slashes or colons, prefix included.</param>
public sealed record TaxIdCheck(string Normalised, TaxIdValidity Validity, string Detail);

/// <summary>
/// EU (and legacy GB) VAT number format and check digits. Check digits are verified only where the algorithm is
/// certain and tested against published valid numbers:
/// DE (ISO 7064 MOD 11,10 over the first 8 digits), IT (Luhn over all 11 digits), BE (97 − first 8 digits mod 97),
/// NL (the RSIN 11-test: weights 9..2 and −1, sum divisible by 11; or, for numbers issued to sole traders since 2020,
/// ISO 7064 mod 97-10 over "NL" + number + "B" + suffix with letters as 10..35, remainder 1), FR (numeric key = (SIREN·100 + 12) mod 97),
/// GB (weights 8..2,10,1; sum mod 97 is 0, or 42 or 55 for numbers from 100 0000 00 up), AT (U + 7 digits, check =
/// (6 − Luhn checksum of the 7 digits) mod 10), PL (weights 6,5,7,2,3,4,5,6,7, sum mod 11).
/// Format only: ES (NIF/CIF rules), IE (several letter schemes), FR with letter keys, and GB government departments and
/// health authorities (GD/HA).
/// </summary>
public static partial class VatNumbers
{
    public static IReadOnlyList<string> Countries { get; } = ["AT", "BE", "DE", "ES", "FR", "GB", "IE", "IT", "NL", "PL"];

    public static TaxIdCheck Check(string vatNumber)
    {
        var normalised = Normalise(vatNumber);
        if (normalised.Length < 3 || !char.IsAsciiLetterUpper(normalised[0]) || !char.IsAsciiLetterUpper(normalised[1]))
        {
            return new TaxIdCheck(normalised, TaxIdValidity.BadFormat, "A VAT number starts with a two-letter country prefix.");
        }

        var body = normalised[2..];
        var country = normalised[..2];
        return country switch
        {
            "DE" => Checked(normalised, DeFormat().IsMatch(body), "9 digits, not starting with 0", () => DeCheck(body)),
            "IT" => Checked(normalised, Digits(body, 11), "11 digits", () => LuhnChecksum(body) == 0),
            "BE" => Be(normalised, body),
            "NL" => Nl(normalised, body),
            "FR" => Fr(normalised, body),
            "GB" => Gb(normalised, body),
            "AT" => Checked(normalised, AtFormat().IsMatch(body), "U and 8 digits", () => (6 - LuhnChecksum(body[1..8]) + 10) % 10 == body[8] - '0'),
            "PL" => Checked(normalised, Digits(body, 10), "10 digits", () => PlCheck(body)),
            "ES" => FormatOnly(normalised, EsFormat().IsMatch(body), "a letter, 7 digits and a letter or digit; or 8 digits and a letter", "Spanish NIF/CIF check characters are not verified."),
            "IE" => FormatOnly(normalised, IeFormat().IsMatch(body), "7 digits and 1-2 letters, or the old digit-letter-5 digits-letter form", "Irish check letters are not verified."),
            _ => new TaxIdCheck(normalised, TaxIdValidity.UnknownPrefix, $"Country prefix {country} is not supported."),
        };
    }

    /// <summary>Signal "vat-number-invalid": raised on a bad format or bad check digits; clear otherwise.</summary>
    public static FraudSignal Signal(string? vatNumber)
    {
        const string code = "vat-number-invalid";
        if (string.IsNullOrWhiteSpace(vatNumber))
        {
            return FraudSignal.NotApplicable(code, "No VAT number given.");
        }

        var check = Check(vatNumber);
        var evidence = $"{check.Normalised}: {check.Validity} ({check.Detail})";
        return check.Validity switch
        {
            TaxIdValidity.Valid or TaxIdValidity.FormatOnly => FraudSignal.Clear(code, evidence),
            TaxIdValidity.BadFormat or TaxIdValidity.BadCheckDigits or TaxIdValidity.UnknownPrefix => FraudSignal.Raised(code, evidence),
        };
    }

    internal static string Normalise(string raw) =>
        new([.. raw.ToUpperInvariant().Where(c => c is not (' ' or '.' or '-' or '/' or ':' or '(' or ')'))]);

    /// <summary>The Luhn checksum (0 for a valid Luhn number): from the right, every second digit doubled.</summary>
    internal static int LuhnChecksum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 / 10) + (d * 2 % 10) : d;
        }

        return sum % 10;
    }

    /// <summary>ISO 7064 MOD 11,10 over the first 8 digits; the 9th is the check digit.</summary>
    internal static bool DeCheck(string body)
    {
        var product = 10;
        for (var i = 0; i < 8; i++)
        {
            var sum = (body[i] - '0' + product) % 10;
            if (sum == 0)
            {
                sum = 10;
            }

            product = 2 * sum % 11;
        }

        var check = 11 - product;
        return (check == 10 ? 0 : check) == body[8] - '0';
    }

    private static bool PlCheck(string body)
    {
        int[] weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
        var sum = weights.Select((w, i) => w * (body[i] - '0')).Sum() % 11;
        return sum != 10 && sum == body[9] - '0';
    }

    private static TaxIdCheck Be(string normalised, string body)
    {
        // Old 9-digit numbers gain a leading 0.
        var padded = body.Length == 9 ? "0" + body : body;
        return Checked("BE" + padded, Digits(padded, 10) && padded[0] is '0' or '1', "10 digits starting with 0 or 1 (or 9 digits)",
            () => 97 - (long.Parse(padded[..8], System.Globalization.CultureInfo.InvariantCulture) % 97) == long.Parse(padded[8..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static TaxIdCheck Nl(string normalised, string body)
    {
        var match = NlFormat().Match(body);
        if (!match.Success || match.Groups[2].Value == "00")
        {
            return new TaxIdCheck(normalised, TaxIdValidity.BadFormat, "Expected 9 digits, B and two digits (not 00).");
        }

        var number = match.Groups[1].Value.PadLeft(9, '0');
        var full = $"NL{number}B{match.Groups[2].Value}";
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (number[i] - '0');
        }

        sum -= number[8] - '0';
        if (sum % 11 == 0)
        {
            return new TaxIdCheck(full, TaxIdValidity.Valid, "RSIN 11-test passed.");
        }

        return Mod97(full) == 1
            ? new TaxIdCheck(full, TaxIdValidity.Valid, "ISO 7064 mod 97-10 check (post-2020 numbers) passed.")
            : new TaxIdCheck(full, TaxIdValidity.BadCheckDigits, "Fails both the RSIN 11-test and the mod 97-10 check.");
    }

    /// <summary>ISO 7064 mod 97-10 over the text with letters as 10..35 (A = 10), as for IBANs.</summary>
    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = ((remainder * (value >= 10 ? 100 : 10)) + value) % 97;
        }

        return remainder;
    }

    private static TaxIdCheck Fr(string normalised, string body)
    {
        if (!FrFormat().IsMatch(body))
        {
            return new TaxIdCheck(normalised, TaxIdValidity.BadFormat, "Expected a 2-character key (digits or letters but I and O) and a 9-digit SIREN.");
        }

        if (!Digits(body[..2], 2))
        {
            return new TaxIdCheck(normalised, TaxIdValidity.FormatOnly, "Letter keys are not verified.");
        }

        var siren = long.Parse(body[2..], System.Globalization.CultureInfo.InvariantCulture);
        var key = int.Parse(body[..2], System.Globalization.CultureInfo.InvariantCulture);
        return (((siren * 100) + 12) % 97) == key
            ? new TaxIdCheck(normalised, TaxIdValidity.Valid, "Key matches the SIREN.")
            : new TaxIdCheck(normalised, TaxIdValidity.BadCheckDigits, "Key does not match the SIREN.");
    }

    private static TaxIdCheck Gb(string normalised, string body)
    {
        if (GbGovernment().IsMatch(body))
        {
            return new TaxIdCheck(normalised, TaxIdValidity.FormatOnly, "Government department or health authority number.");
        }

        return Checked(normalised, Digits(body, 9) || Digits(body, 12), "9 digits, 12 with a branch, or GD/HA and 3 digits", () =>
        {
            int[] weights = [8, 7, 6, 5, 4, 3, 2, 10, 1];
            var remainder = weights.Select((w, i) => w * (body[i] - '0')).Sum() % 97;
            return string.CompareOrdinal(body[..3], "100") >= 0 ? remainder is 0 or 42 or 55 : remainder == 0;
        });
    }

    private static TaxIdCheck Checked(string normalised, bool formatOk, string format, Func<bool> checkDigitsOk) =>
        !formatOk ? new TaxIdCheck(normalised, TaxIdValidity.BadFormat, $"Expected {format}.")
        : checkDigitsOk() ? new TaxIdCheck(normalised, TaxIdValidity.Valid, "Format and check digits are right.")
        : new TaxIdCheck(normalised, TaxIdValidity.BadCheckDigits, "The check digits do not match.");

    private static TaxIdCheck FormatOnly(string normalised, bool formatOk, string format, string note) =>
        formatOk ? new TaxIdCheck(normalised, TaxIdValidity.FormatOnly, note) : new TaxIdCheck(normalised, TaxIdValidity.BadFormat, $"Expected {format}.");

    private static bool Digits(string s, int length) => s.Length == length && s.All(char.IsAsciiDigit);

    [GeneratedRegex("^[1-9][0-9]{8}$")]
    private static partial Regex DeFormat();

    [GeneratedRegex("^U[0-9]{8}$")]
    private static partial Regex AtFormat();

    [GeneratedRegex("^([0-9]{1,9})B([0-9]{2})$")]
    private static partial Regex NlFormat();

    [GeneratedRegex("^[0-9A-HJ-NP-Z]{2}[0-9]{9}$")]
    private static partial Regex FrFormat();

    [GeneratedRegex("^(GD[0-4][0-9]{2}|HA[5-9][0-9]{2})$")]
    private static partial Regex GbGovernment();

    [GeneratedRegex("^([A-Z][0-9]{7}[A-Z0-9]|[0-9]{8}[A-Z])$")]
    private static partial Regex EsFormat();

    [GeneratedRegex("^([0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W])$")]
    private static partial Regex IeFormat();
}

/// <summary>
/// US Employer Identification Number: NN-NNNNNNN (the dash optional). The IRS has never issued the prefixes 00, 07,
/// 08, 09, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96 and 97; a number with one of them is refused. EINs carry no
/// check digit, so a valid result means "could exist", not "exists".
/// </summary>
public static partial class EmployerIdentificationNumbers
{
    private static readonly HashSet<string> NeverIssued = ["00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"];

    public static TaxIdCheck Check(string ein)
    {
        var trimmed = ein.Trim();
        if (!EinFormat().IsMatch(trimmed))
        {
            return new TaxIdCheck(trimmed, TaxIdValidity.BadFormat, "Expected NN-NNNNNNN.");
        }

        var normalised = $"{trimmed[..2]}-{trimmed[^7..]}";
        return NeverIssued.Contains(trimmed[..2])
            ? new TaxIdCheck(normalised, TaxIdValidity.UnknownPrefix, $"Prefix {trimmed[..2]} has never been issued.")
            : new TaxIdCheck(normalised, TaxIdValidity.FormatOnly, "EINs have no check digit.");
    }

    [GeneratedRegex("^[0-9]{2}-?[0-9]{7}$")]
    private static partial Regex EinFormat();
}
