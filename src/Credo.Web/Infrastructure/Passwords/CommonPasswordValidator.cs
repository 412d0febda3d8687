using System.Collections.Frozen;
using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Passwords as ASVS 5.0 §6.2 asks: at least <see cref="MinLength"/> characters, up to <see cref="MaxLength"/> (long
/// passphrases welcome), no composition rules, and none of the 10,000 most common passwords (common-passwords.txt,
/// see the README beside it). Identity's own composition rules are switched off in <see cref="AuthSetup"/>.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<CreditUser>
{
    public const int MinLength = 12;

    public const int MaxLength = 256;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<CreditUser> manager, CreditUser user, string? password)
    {
        if (password is { Length: > MaxLength })
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords are at most {MaxLength} characters." }));
        }

        if (password is not null && (IsCommon(password) || SameAsAccount(user, password)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is one of the most common (or is your email): choose another, a few unrelated words work well.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static bool SameAsAccount(CreditUser user, string password) =>
        string.Equals(password.Trim(), user.Email, StringComparison.OrdinalIgnoreCase)
        || string.Equals(password.Trim(), user.Email?.Split('@')[0], StringComparison.OrdinalIgnoreCase);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Credo.CommonPasswords")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }

        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
