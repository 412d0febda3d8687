using System.Globalization;
using System.Text;
using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <param name="Agency">The agency's name, as it will read on the timeline.</param>
/// <param name="Customers">The customer numbers to hand over.</param>
internal sealed record AgencyExportRequest(string? Agency, IReadOnlyList<string>? Customers, string? Note = null);

/// <summary>
/// Hands customers over to a collection agency: a CSV of their overdue items (the undisputed part; disputed and
/// promised items are not the agency's to chase) with the customer's legal name, tax id, billing address and payables
/// contact, one row per item. Each customer gets a "Handed over" entry on its timeline, an audit row records who handed
/// over whom, and <see cref="HandedOverToAgency"/> is published, all in one save. Refused by field when a customer is
/// unknown or has nothing overdue.
/// </summary>
internal sealed class AgencyExport(CreditDb db, Microsoft.Extensions.Options.IOptions<CollectionsOptions> options)
{
    public const string Header = "customer,legal_name,tax_id,address,contact_name,contact_email,contact_phone,invoice,issued_on,due_on,days_past_due,currency,amount,open_to_collect";

    public async Task<Result<string>> Handle(AgencyExportRequest request, CancellationToken ct)
    {
        var agency = request.Agency?.Trim() ?? string.Empty;
        if (agency.Length is 0 or > 100)
        {
            return new ValidationFailed("agency", "Name the agency (1 to 100 characters).");
        }

        var numbers = (request.Customers ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count is 0 or > 1000)
        {
            return new ValidationFailed("customers", "Choose 1 to 1000 customers to hand over.");
        }

        var today = db.Today();
        var customers = await db.Customers.AsNoTracking().Where(c => numbers.Contains(c.Number)).ToListAsync(ct);
        if (numbers.FirstOrDefault(n => customers.All(c => c.Number != n)) is { } unknown)
        {
            return new ValidationFailed("customers", $"No customer '{unknown}'.");
        }

        var ids = customers.Select(c => c.Id).ToList();
        var items = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.CustomerId) && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < today)
            .OrderBy(e => e.DueOn).Select(e => new { e.Id, e.CustomerId, e.Document, e.PostedOn, DueOn = e.DueOn!.Value, e.Currency, e.AmountMinor, e.OpenMinor, e.Disputed }).ToListAsync(ct);
        var promised = (await PromiseBook.Evaluate(db, today, options.Value.Tolerance, null, track: false, ct)).StillOpen.SelectMany(p => p.Items.Select(i => i.EntryId)).ToHashSet();
        var parts = await DunningFacts.DisputedParts(db, [.. items.Where(i => i.Disputed).Select(i => i.Id)], ct);
        var chased = items.Where(i => !promised.Contains(i.Id))
            .Select(i => (i, Open: i.Disputed ? DunningFacts.Undisputed(i.OpenMinor, true, parts.GetValueOrDefault(i.Id)) ?? 0 : i.OpenMinor)).Where(x => x.Open > 0).ToList();
        if (customers.FirstOrDefault(c => chased.All(x => x.i.CustomerId != c.Id)) is { } nothing)
        {
            return new ValidationFailed("customers", $"Customer {nothing.Number} has nothing overdue to hand over (disputed and promised items stay with you).");
        }

        var csv = new StringBuilder().AppendLine(Header);
        foreach (var c in customers.OrderBy(c => c.Number, StringComparer.Ordinal))
        {
            var contact = DunningContacts.Choose([.. c.Contacts.Select(x => new ContactCard(x.Name, x.Role, x.Email, x.Phone))], c.LegalName, c.Email, c.Phone);
            var a = c.BillingAddress;
            var address = string.Join(", ", new[] { a.Line1, a.Line2, a.PostalCode, a.City, a.Region, a.Country }.Where(x => !string.IsNullOrWhiteSpace(x)));
            var mine = chased.Where(x => x.i.CustomerId == c.Id).ToList();
            foreach (var (i, open) in mine)
            {
                csv.AppendLine(Csv.Row(c.Number, c.LegalName, c.TaxId ?? "", address, contact?.Name ?? "", contact?.Email ?? "", contact?.Phone ?? "", i.Document ?? "",
                    Day(i.PostedOn), Day(i.DueOn), (today.DayNumber - i.DueOn.DayNumber).ToString(CultureInfo.InvariantCulture), i.Currency, Major(i.AmountMinor, i.Currency), Major(open, i.Currency)));
            }

            var totals = DunningPlanner.Describe(DunningPlanner.Totals(mine.Select(x => new Domain.Amounts.Money(x.Open, Domain.Amounts.Currency.Of(x.i.Currency)))));
            db.CollectionActivities.Add(new CollectionActivity
            {
                CustomerId = c.Id, Kind = ActivityKind.HandedOver, AtUtc = db.UtcNow, By = db.Actor.Name,
                Text = $"To {agency}: {totals} on {PlainWords.Count(mine.Count, "item")}." + (string.IsNullOrWhiteSpace(request.Note) ? string.Empty : " " + request.Note.Trim()[..Math.Min(500, request.Note.Trim().Length)]),
            });
        }

        db.Audit.Add(new AuditEntry
        {
            AtUtc = db.UtcNow, Actor = db.Actor.Name, Action = "hand-over", Entity = "CollectionAgency", EntityId = agency.Length > 64 ? agency[..64] : agency,
            AfterJson = System.Text.Json.JsonSerializer.Serialize(new { customers = numbers, items = chased.Count }),
        });
        db.Publish(new HandedOverToAgency(agency, [.. numbers.Order(StringComparer.Ordinal)], chased.Count, today));
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"1234.50": major units with the currency's decimals, no grouping.</summary>
    private static string Major(long minor, string currency)
    {
        var money = new Domain.Amounts.Money(minor, Domain.Amounts.Currency.Of(currency));
        return money.Major.ToString("F" + money.Currency.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static async Task<IResult> Endpoint(AgencyExportRequest request, AgencyExport use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk
            ? TypedResults.File(Encoding.UTF8.GetBytes(result.Value!), "text/csv", "agency-handover.csv")
            : result.Error!.ToProblem();
    }
}

/// <summary>CSV cells in the collections exports' dialect: quoted when needed, a leading = + - @ made text (no formulas).</summary>
internal static class Csv
{
    public static string Row(params string[] cells) => string.Join(',', cells.Select(Cell));

    public static string Cell(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
