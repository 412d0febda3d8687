using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Customers;

/// <summary>Creates a customer, or replaces an existing customer's master data (optimistic concurrency on version).</summary>
internal sealed partial class SaveCustomer(CreditDb db)
{
    public async Task<Result<Customer>> Create(CustomerRequest request, CancellationToken ct)
    {
        if (Validate(request, requireNumber: true) is { } invalid)
        {
            return invalid;
        }

        var number = request.Number!.Trim();
        if (await db.Customers.AnyAsync(c => c.Number == number, ct))
        {
            return new Refusal("customer-exists", $"Customer '{number}' already exists.", "number");
        }

        var now = db.UtcNow;
        var customer = new Customer
        {
            Number = number,
            LegalName = string.Empty,
            Currency = string.Empty,
            TermsCode = string.Empty,
            CreatedAtUtc = now,
        };
        if (await Apply(customer, request, ct) is { } refused)
        {
            return refused;
        }

        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return customer;
    }

    public async Task<Result<Customer>> Update(string number, CustomerRequest request, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Segments).ThenInclude(s => s.Segment).Include(c => c.Group)
            .SingleOrDefaultAsync(c => c.Number == number, ct);
        if (customer is null)
        {
            return new NotFound("Customer", number);
        }

        if (request.Number is not null && request.Number.Trim() != number)
        {
            return new ValidationFailed("number", "The customer number cannot be changed.");
        }

        if (Validate(request, requireNumber: false) is { } invalid)
        {
            return invalid;
        }

        if (request.Version is { } version && version != customer.Version)
        {
            return new Refusal("stale-version", $"The customer was changed by someone else (version {customer.Version}, yours {version}). Reload and retry.", "version");
        }

        if (await Apply(customer, request, ct) is { } refused)
        {
            return refused;
        }

        customer.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal("stale-version", "The customer was changed by someone else. Reload and retry.", "version");
        }

        return customer;
    }

    /// <summary>Checks the request on its own; returns the first problem by field.</summary>
    public static DomainError? Validate(CustomerRequest r, bool requireNumber)
    {
        if (requireNumber && string.IsNullOrWhiteSpace(r.Number))
        {
            return new ValidationFailed("number", "A customer number is required.");
        }

        if (r.Number is { } n && !NumberPattern().IsMatch(n.Trim()))
        {
            return new ValidationFailed("number", "A customer number is 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(r.LegalName))
        {
            return new ValidationFailed("legalName", "A legal name is required.");
        }

        if (r.LegalName.Length > 200)
        {
            return new ValidationFailed("legalName", "The legal name is longer than 200 characters.");
        }

        if (MoneyJson.ParseCurrency(r.Currency).Error is { } badCurrency)
        {
            return badCurrency;
        }

        if (PaymentTerms.Parse(r.Terms).Error is { } badTerms)
        {
            return badTerms;
        }

        if (r.Email is { Length: > 0 } email && !EmailPattern().IsMatch(email))
        {
            return new ValidationFailed("email", $"'{email}' is not an email address.");
        }

        foreach (var (address, field) in new[] { (r.BillingAddress, "billingAddress"), (r.ShippingAddress, "shippingAddress") })
        {
            if (address?.Country is { Length: > 0 } country && !CountryPattern().IsMatch(country.Trim()))
            {
                return new ValidationFailed(field + ".country", "A country is a two-letter ISO 3166 code.");
            }
        }

        for (var i = 0; i < (r.Contacts?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(r.Contacts![i].Name))
            {
                return new ValidationFailed($"contacts[{i}].name", "A contact needs a name.");
            }
        }

        return null;
    }

    private async Task<DomainError?> Apply(Customer c, CustomerRequest r, CancellationToken ct)
    {
        long? groupId = null;
        CorporateGroup? group = null;
        if (!string.IsNullOrWhiteSpace(r.GroupCode))
        {
            group = await db.Groups.SingleOrDefaultAsync(g => g.Code == r.GroupCode.Trim(), ct);
            if (group is null)
            {
                return new ValidationFailed("groupCode", $"No corporate group '{r.GroupCode}'.");
            }

            groupId = group.Id;
        }

        var segments = new List<Segment>();
        foreach (var (reference, i) in (r.Segments ?? []).Select((s, i) => (s, i)))
        {
            var segment = await db.Segments.SingleOrDefaultAsync(s => s.Dimension == reference.Dimension && s.Code == reference.Code, ct);
            if (segment is null)
            {
                return new ValidationFailed($"segments[{i}]", $"No segment '{reference.Code}' in dimension '{reference.Dimension}'.");
            }

            segments.Add(segment);
        }

        c.LegalName = r.LegalName!.Trim();
        c.TradingName = Blank(r.TradingName);
        c.TaxId = Blank(r.TaxId);
        c.Email = Blank(r.Email);
        c.Phone = Blank(r.Phone);
        c.Website = Blank(r.Website);
        c.Currency = MoneyJson.ParseCurrency(r.Currency).Value.Code;
        c.TermsCode = PaymentTerms.Parse(r.Terms).Value!.Code;
        c.Status = r.Status ?? c.Status;
        c.GroupId = groupId;
        c.Group = group;
        c.BillingAddress = r.BillingAddress?.ToAddress() ?? new Address();
        c.ShippingAddress = r.ShippingAddress?.ToAddress() ?? new Address();
        SetContacts(c, r.Contacts);
        c.Notes = Blank(r.Notes);
        c.UpdatedAtUtc = db.UtcNow;
        c.RefreshSearchText();

        var wanted = segments.Select(s => s.Id).ToHashSet();
        c.Segments.RemoveAll(s => !wanted.Contains(s.SegmentId));
        foreach (var segment in segments.Where(s => c.Segments.All(x => x.SegmentId != s.Id)))
        {
            c.Segments.Add(new CustomerSegment { SegmentId = segment.Id, Segment = segment });
        }

        return null;
    }

    /// <summary>
    /// The contacts as asked, each changed in place where one stands at its position (extra ones removed, new ones
    /// added), so that the audit trail reads a changed contact's values before and after: a contact replaced by a new
    /// object would have no "before" (issue 12 §2, a change to the contacts alone).
    /// </summary>
    private static void SetContacts(Customer c, IReadOnlyList<ContactDto>? wanted)
    {
        var list = wanted ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var contact = i < c.Contacts.Count ? c.Contacts[i] : null;
            if (contact is null)
            {
                contact = new Contact { Name = list[i].Name.Trim() };
                c.Contacts.Add(contact);
            }

            contact.Name = list[i].Name.Trim();
            contact.Role = Blank(list[i].Role);
            contact.Email = Blank(list[i].Email);
            contact.Phone = Blank(list[i].Phone);
        }

        c.Contacts.RemoveRange(list.Count, c.Contacts.Count - list.Count);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();

    public static async Task<IResult> CreateEndpoint(CustomerRequest request, SaveCustomer save, CancellationToken ct)
    {
        var result = await save.Create(request, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/customers/{Uri.EscapeDataString(result.Value!.Number)}", CustomerDto.From(result.Value))
            : result.Error!.ToProblem();
    }

    public static async Task<IResult> UpdateEndpoint(string number, CustomerRequest request, SaveCustomer save, CancellationToken ct)
    {
        var result = await save.Update(number, request, ct);
        return result.IsOk ? TypedResults.Ok(CustomerDto.From(result.Value!)) : result.Error!.ToProblem();
    }
}
