using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Infrastructure;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>The form to set a customer's limit: text as typed, parsed here and handed to <see cref="SetCreditLine"/>.</summary>
internal sealed class LimitForm
{
    public string? Limit { get; set; }

    public string? Currency { get; set; }

    public string? Reason { get; set; }

    public string? TemporaryIncrease { get; set; }

    public string? TemporaryIncreaseExpiresOn { get; set; }

    public string? ReviewOn { get; set; }
}

/// <summary>One category of a customer's exposure in one currency (major units), and whether it counts against limits.</summary>
internal sealed record ExposureRow(string Category, string Currency, decimal Amount, bool Counted);

/// <summary>
/// A customer's credit: the customer line (limit, temporary increase, review date, history), exposure by category,
/// and headroom at every level of its path. Loaded into the customer page by htmx, or shown alone without
/// JavaScript. Credit managers set the limit here through <see cref="SetCreditLine"/>.
/// </summary>
internal sealed class CustomerCreditModel(CreditDb db, SetCreditLine lines, ReadCreditLine read, IAuthorizationService authorization, Microsoft.Extensions.Options.IOptions<CreditOptions> options) : PageModel
{
    private static readonly Dictionary<string, string> LimitInputs = new()
    {
        ["limit"] = "limit", ["currency"] = "currency", ["reason"] = "reason", ["temporaryincrease"] = "temporaryIncrease",
        ["temporaryincreaseexpireson"] = "temporaryIncreaseExpiresOn", ["reviewon"] = "reviewOn",
    };

    private static readonly string[] Categories = ["Open receivables", "Approved orders", "Shipped, not invoiced"];

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty]
    public LimitForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    public string LegalName { get; private set; } = string.Empty;

    public string CustomerCurrency { get; private set; } = "USD";

    public CreditLineDto? Line { get; private set; }

    public IReadOnlyList<LevelDto> Levels { get; private set; } = [];

    public IReadOnlyList<ExposureRow> Exposure { get; private set; } = [];

    public bool CanSetLimit { get; private set; }

    public string? Done { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public bool IsHtmx => Request.Headers.ContainsKey("HX-Request") && !Request.Headers.ContainsKey("HX-History-Restore-Request");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct))
        {
            return NotFound();
        }

        Done = Flash;
        Prefill();
        return IsHtmx ? Partial("_CreditPanel", this) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded)
        {
            return Forbid();
        }

        if (!await Load(ct))
        {
            return NotFound();
        }

        var f = Form;
        var limit = ReadAmount(f.Limit, "limit");
        var increase = ReadAmount(f.TemporaryIncrease, "temporaryIncrease");
        var increaseExpires = ReadDate(f.TemporaryIncreaseExpiresOn, "temporaryIncreaseExpiresOn");
        var review = ReadDate(f.ReviewOn, "reviewOn");
        if (!Errors.Any)
        {
            var result = await lines.Handle("customer", Number, new CreditLineRequest(limit, f.Currency, increase, increaseExpires, review, Line?.ExpiresOn, f.Reason), ct);
            if (result.IsOk)
            {
                var message = $"Limit set: {(result.Value!.Limit is { } l ? MoneyText.Show(l, result.Value.Currency) : "no ceiling")}.";
                if (!IsHtmx)
                {
                    Flash = message;
                    return RedirectToPage(new { number = Number });
                }

                ModelState.Clear();
                await Load(ct);
                Done = message;
                Prefill();
                return Partial("_CreditPanel", this);
            }

            Errors.Add(result.Error!, LimitInputs);
        }

        return IsHtmx ? Partial("_CreditPanel", this) : Page();
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Number == Number).Select(c => new { c.Id, c.Number, c.LegalName, c.Currency }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return false;
        }

        (Number, LegalName, CustomerCurrency) = (customer.Number, customer.LegalName, customer.Currency);
        CanSetLimit = (await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded;
        var subject = await read.Resolve("customer", Number, ct);
        Line = subject.IsOk ? await read.Read(subject.Value!, ct) : null;
        var counted = options.Value.Counted;
        Levels = await db.Availability(Number, counted, ct) ?? [];

        var receivables = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.OpenMinor != 0)
            .GroupBy(e => e.Currency).Select(g => new { Currency = g.Key, Minor = g.Sum(e => e.OpenMinor) }).ToListAsync(ct);
        var orders = await db.CreditReservations.AsNoTracking().Where(r => r.CustomerId == customer.Id && CreditPaths.Counted.Contains(r.State))
            .GroupBy(r => new { r.State, r.Currency }).Select(g => new { g.Key.State, g.Key.Currency, Minor = g.Sum(r => r.AmountMinor) }).ToListAsync(ct);
        var rows = new List<ExposureRow>();
        bool[] counts = [counted.Receivables, counted.Orders, counted.ShippedNotInvoiced];
        rows.AddRange(receivables.Select(r => new ExposureRow(Categories[0], r.Currency, Major(r.Minor, r.Currency), counts[0])));
        rows.AddRange(orders.Where(o => o.State == ReservationState.Active).Select(o => new ExposureRow(Categories[1], o.Currency, Major(o.Minor, o.Currency), counts[1])));
        rows.AddRange(orders.Where(o => o.State == ReservationState.Shipped).Select(o => new ExposureRow(Categories[2], o.Currency, Major(o.Minor, o.Currency), counts[2])));
        for (var i = 0; i < Categories.Length; i++)
        {
            if (!rows.Any(r => r.Category == Categories[i]))
            {
                rows.Add(new ExposureRow(Categories[i], customer.Currency, 0m, counts[i]));
            }
        }

        Exposure = [.. rows.OrderBy(r => Array.IndexOf(Categories, r.Category)).ThenBy(r => r.Currency, StringComparer.Ordinal)];
        return true;
    }

    private void Prefill()
    {
        Form = new LimitForm
        {
            Limit = Line?.Limit is { } l ? MoneyText.Number(l, Line.Currency).Replace(",", string.Empty, StringComparison.Ordinal) : null,
            Currency = Line?.Currency ?? CustomerCurrency,
            TemporaryIncrease = Line?.TemporaryIncrease is { } t ? MoneyText.Number(t, Line.Currency).Replace(",", string.Empty, StringComparison.Ordinal) : null,
            TemporaryIncreaseExpiresOn = Line?.TemporaryIncreaseExpiresOn is { } e ? MoneyText.Iso(e) : null,
            ReviewOn = Line?.ReviewOn is { } r ? MoneyText.Iso(r) : null,
        };
    }

    private static decimal Major(long minor, string currency) => MoneyJson.Major(minor, currency);

    private decimal? ReadAmount(string? text, string input)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var amount = MoneyText.Parse(text);
        if (amount is null)
        {
            Errors.Add(input, $"'{text}' is not an amount; write it like 50000.00.");
        }

        return amount;
    }

    private DateOnly? ReadDate(string? text, string input)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var date = MoneyText.ParseDate(text);
        if (date is null)
        {
            Errors.Add(input, $"'{text}' is not a date (YYYY-MM-DD).");
        }

        return date;
    }
}
