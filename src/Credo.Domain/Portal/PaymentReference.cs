using Credo.Domain.Matching;

namespace Credo.Domain.Portal;

/// <summary>
/// The ISO 11649 creditor reference ("RF" + 2 check digits + up to 21 letters or digits) a buyer quotes on a bank
/// transfer, one per payment request: "RF" check digits, then "CP" and the request's number. The check digits are the
/// matcher's own ISO 11649 rule (<see cref="References"/>), so the reference made here is the one cash application reads.
/// </summary>
public static class PaymentReference
{
    /// <summary>What every payment request's reference body starts with (no invoice number does: see the matcher).</summary>
    public const string Prefix = "CP";

    /// <summary>The reference for payment request <paramref name="requestId"/> (1 or more), electronic form: RF02CP00000042.</summary>
    public static string For(long requestId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestId, 1);
        return References.CreditorReferenceFor(Prefix + requestId.ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>True when <paramref name="text"/> (spaces allowed, any case) is a well-formed reference whose check digits hold.</summary>
    public static bool IsValid(string? text) => text is not null && References.IsValidCreditorReference(text);

    /// <summary>The electronic form (no spaces, upper case) of a valid reference, or null.</summary>
    public static string? Normalise(string? text) =>
        IsValid(text) ? string.Concat(text!.Where(c => c != ' ')).ToUpperInvariant() : null;

    /// <summary>The request number a valid payment-request reference carries, or null (not valid, or not a request's).</summary>
    public static long? RequestOf(string? text) =>
        Normalise(text) is { } reference && reference.Length > 6 && reference[4..].StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(reference[6..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    /// <summary>The printed form, in groups of four as ISO 11649 recommends: "RF02 CP00 0000 42".</summary>
    public static string Print(string reference)
    {
        var text = string.Concat(reference.Where(c => c != ' ')).ToUpperInvariant();
        return string.Join(' ', Enumerable.Range(0, (text.Length + 3) / 4).Select(i => text.Substring(i * 4, Math.Min(4, text.Length - (i * 4)))));
    }
}
