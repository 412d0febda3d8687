using System.Security.Cryptography;
using System.Text;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Secrets that travel in emailed links (an applicant's resume or human-review link, a referee's answer link): 256
/// random bits, URL-safe, of which the database keeps only the SHA-256. One definition, so every link's hash is made
/// and checked the same way.
/// </summary>
internal static class LinkSecrets
{
    public static (string Token, string Hash) New()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time, so the time taken says nothing about how much of the hash matched.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
