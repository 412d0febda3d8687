namespace Credo.Domain.Fraud;

public enum IdentifierKind
{
    TaxId,
    CompanyRegistration,
    BankAccount,
    Phone,
    Email,
    Address,
}

public sealed record Identifier(IdentifierKind Kind, string Value);

public sealed record CustomerIdentifier(string CustomerId, string CustomerName, IdentifierKind Kind, string Value);

/// <summary>
/// Signal "identifier-shared": the applicant gives an identifier (bank account, phone, tax id, …) that another customer
/// holds under a different name. Values are compared normalised (e-mail trimmed and lower-cased; the rest upper-cased
/// with everything but letters and digits removed); names are compared after <see cref="SimilarNames.Normalise"/>, so
/// "Acme Ltd" and "ACME Limited" are the same name and do not raise.
/// </summary>
public static class SharedIdentifiers
{
    public const string Code = "identifier-shared";

    public static string NormaliseValue(IdentifierKind kind, string value) => kind switch
    {
        IdentifierKind.Email => value.Trim().ToLowerInvariant(),
        IdentifierKind.TaxId or IdentifierKind.CompanyRegistration or IdentifierKind.BankAccount or IdentifierKind.Phone or IdentifierKind.Address =>
            new string([.. value.ToUpperInvariant().Where(char.IsLetterOrDigit)]),
    };

    public static FraudSignal Check(string applicantName, IReadOnlyList<Identifier> applicantIdentifiers, IReadOnlyList<CustomerIdentifier> known)
    {
        if (applicantIdentifiers.Count == 0)
        {
            return FraudSignal.NotApplicable(Code, "The applicant gave no identifiers.");
        }

        var name = SimilarNames.Normalise(applicantName);
        var wanted = applicantIdentifiers
            .Select(i => (i.Kind, Value: NormaliseValue(i.Kind, i.Value)))
            .Where(i => i.Value.Length > 0)
            .ToHashSet();
        var shared = known
            .Where(k => wanted.Contains((k.Kind, NormaliseValue(k.Kind, k.Value))))
            .Where(k => SimilarNames.Normalise(k.CustomerName) != name)
            .OrderBy(k => k.Kind)
            .ThenBy(k => k.CustomerId, StringComparer.Ordinal)
            .Select(k => $"{k.Kind} {NormaliseValue(k.Kind, k.Value)} is held by customer {k.CustomerId} ({k.CustomerName})")
            .Distinct()
            .ToArray();
        return shared.Length == 0
            ? FraudSignal.Clear(Code, $"None of {wanted.Count} identifiers is held by a differently named customer.")
            : FraudSignal.Raised(Code, shared);
    }
}
