using Credo.Domain.Customers;
using Credo.Web.Data;

namespace Credo.Web.Features.Customers;

internal sealed record AddressDto(string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country)
{
    public static AddressDto From(Address a) => new(a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country);

    public Address ToAddress() => new()
    {
        Line1 = Line1?.Trim(),
        Line2 = Line2?.Trim(),
        City = City?.Trim(),
        Region = Region?.Trim(),
        PostalCode = PostalCode?.Trim(),
        Country = Country?.Trim().ToUpperInvariant(),
    };
}

internal sealed record ContactDto(string Name, string? Role, string? Email, string? Phone);

internal sealed record SegmentRef(string Dimension, string Code);

/// <summary>Create or replace a customer's master data.</summary>
internal sealed record CustomerRequest(
    string? Number,
    string? LegalName,
    string? TradingName,
    string? TaxId,
    string? Email,
    string? Phone,
    string? Website,
    string? Currency,
    string? Terms,
    CustomerStatus? Status,
    string? GroupCode,
    AddressDto? BillingAddress,
    AddressDto? ShippingAddress,
    IReadOnlyList<ContactDto>? Contacts,
    IReadOnlyList<SegmentRef>? Segments,
    string? Notes,
    int? Version = null);

internal sealed record CustomerDto(
    string Number,
    string LegalName,
    string? TradingName,
    string? TaxId,
    string? Email,
    string? Phone,
    string? Website,
    string Currency,
    string Terms,
    string TermsDescription,
    CustomerStatus Status,
    string? GroupCode,
    string? GroupName,
    AddressDto BillingAddress,
    AddressDto ShippingAddress,
    IReadOnlyList<ContactDto> Contacts,
    IReadOnlyList<SegmentRef> Segments,
    string? Notes,
    DateTime CreatedAtUtc,
    DateTime UpdatedAtUtc,
    int Version)
{
    public static CustomerDto From(Customer c) => new(
        c.Number,
        c.LegalName,
        c.TradingName,
        c.TaxId,
        c.Email,
        c.Phone,
        c.Website,
        c.Currency,
        c.TermsCode,
        PaymentTerms.Parse(c.TermsCode).Value?.Description ?? c.TermsCode,
        c.Status,
        c.Group?.Code,
        c.Group?.Name,
        AddressDto.From(c.BillingAddress),
        AddressDto.From(c.ShippingAddress),
        [.. c.Contacts.Select(x => new ContactDto(x.Name, x.Role, x.Email, x.Phone))],
        [.. c.Segments.Where(s => s.Segment is not null).Select(s => new SegmentRef(s.Segment!.Dimension, s.Segment.Code))],
        c.Notes,
        c.CreatedAtUtc,
        c.UpdatedAtUtc,
        c.Version);
}

internal sealed record CustomerListItem(string Number, string LegalName, string? TradingName, string Currency, string Terms, CustomerStatus Status, string? GroupCode)
{
    /// <summary>Open balance in the customer's currency (minor units; unapplied cash nets it down).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long BalanceMinor { get; init; }

    /// <summary>Open debit items past their due date, in the customer's currency (minor units).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long OverdueMinor { get; init; }

    /// <summary>The currency of the customer's own credit line (null when it has none).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? LineCurrency { get; init; }

    /// <summary>The line's ceiling today (base plus an unexpired temporary increase); null when it has no line or no ceiling.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? LimitMinor { get; init; }

    /// <summary>The exposure counted against the line (the configured categories), in the line's currency.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long UsedMinor { get; init; }

    /// <summary>Average days paid after the due date over the last 12 months (<see cref="PayingHabit.DaysLate"/>); null when nothing was paid.</summary>
    public decimal? DaysLate { get; init; }

    /// <summary>The PAYDEX-like score over 24 months (<see cref="PayingHabit.Score"/>); null when nothing was paid.</summary>
    public decimal? Score { get; init; }
}

internal sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>
/// How a customer pays, as the list shows and sorts it (issue 13 §4): <see cref="DaysLate"/> the amount-weighted days
/// paid after the due date over the invoices paid in the last 12 months (early counts as negative), <see cref="Score"/>
/// the PAYDEX-like score over 24 months; null when nothing was paid in the window.
/// </summary>
internal sealed record PayingHabit(decimal? DaysLate, decimal? Score);

/// <summary>
/// The customer list's port for payment behaviour (issue 13 §4): the analytics slice implements it (it reads the ledger,
/// which names customers, so the customers slice cannot use it directly without a cycle).
/// </summary>
internal interface IPayingHabits
{
    Task<IReadOnlyDictionary<long, PayingHabit>> For(IReadOnlyCollection<long> customerIds, DateOnly asOf, CancellationToken ct);
}

/// <summary>What the list shows when no slice measures payment behaviour: nothing.</summary>
internal sealed class NoPayingHabits : IPayingHabits
{
    public Task<IReadOnlyDictionary<long, PayingHabit>> For(IReadOnlyCollection<long> customerIds, DateOnly asOf, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<long, PayingHabit>>(new Dictionary<long, PayingHabit>());
}
