using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>One billing contact as the buyer types it: who, and how to reach them (an email or a phone).</summary>
internal sealed record BillingContact(string? Name, string? Email, string? Phone);

/// <summary>
/// The buyer keeps their billing contacts (who receives invoices, statements and reminders): the customer's contacts
/// with the role "billing" are replaced by the list given; the seller's other contacts for the customer are kept and
/// never shown. The customer row's own audit (before and after) and a buyer audit row name the buyer.
/// </summary>
internal sealed class UpdateBillingContacts(CreditDb db)
{
    public const string Role = "billing";

    public const int MaxContacts = 10;

    public async Task<Result<IReadOnlyList<Contact>>> Handle(ScopedCustomer customer, IReadOnlyList<BillingContact> contacts, CancellationToken ct)
    {
        if (!InvitationFlow.Allows(customer.Role, BuyerRole.Pay))
        {
            return new Refusal("buyer-role", "Your access lets you see this account, not change its contacts.");
        }

        var given = contacts.Where(c => !string.IsNullOrWhiteSpace(c.Name) || !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone)).ToList();
        if (Validate(given) is { } invalid)
        {
            return invalid;
        }

        var row = await db.Customers.SingleAsync(c => c.Id == customer.Id, ct);
        var billing = given.Select(c => new Contact { Name = c.Name!.Trim(), Role = Role, Email = Blank(c.Email), Phone = Blank(c.Phone) }).ToList();
        row.Contacts = [.. row.Contacts.Where(c => !IsBilling(c)), .. billing];
        row.Version++;
        BuyerAudit.Record(db, "contacts", customer, new { billing = billing.Select(c => new { c.Name, c.Email, c.Phone }) });
        await db.SaveChangesAsync(ct);
        return billing;
    }

    public static bool IsBilling(Contact contact) => string.Equals(contact.Role, Role, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first problem, by the contact's line (contacts[0].email) and field.</summary>
    public static ValidationFailed? Validate(IReadOnlyList<BillingContact> contacts)
    {
        if (contacts.Count > MaxContacts)
        {
            return new ValidationFailed("contacts", $"At most {MaxContacts} billing contacts.");
        }

        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Trim().Length > 200)
            {
                return new ValidationFailed($"contacts[{i}].name", "A contact needs a name (at most 200 characters).");
            }

            if (Blank(c.Email) is { } email && (email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@') || email.Contains(' ', StringComparison.Ordinal)))
            {
                return new ValidationFailed($"contacts[{i}].email", $"'{email}' is not an email address.");
            }

            if (Blank(c.Email) is null && Blank(c.Phone) is null)
            {
                return new ValidationFailed($"contacts[{i}].email", "Give an email or a phone number for " + c.Name.Trim() + ".");
            }

            if (Blank(c.Phone) is { Length: > 40 })
            {
                return new ValidationFailed($"contacts[{i}].phone", "A phone number is at most 40 characters.");
            }
        }

        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
