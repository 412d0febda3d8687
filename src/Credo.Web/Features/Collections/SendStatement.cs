using System.Globalization;
using System.Text;
using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>
/// Sends a customer a statement from the worklist: an email to the payables contact (chosen as dunning chooses it)
/// listing every open item with its due date and days late, the totals per currency, signed by the seller. On the
/// timeline as "Statement sent". Refused when the customer has nothing open or no email to write to.
/// </summary>
internal sealed class SendStatement(CreditDb db, IOptions<SellerOptions> seller)
{
    public async Task<Result<ActivityDto>> Handle(string customerNumber, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == customerNumber, ct);
        if (customer is null)
        {
            return new NotFound("Customer", customerNumber);
        }

        var recipient = DunningContacts.Choose([.. customer.Contacts.Select(x => new ContactCard(x.Name, x.Role, x.Email, x.Phone))], customer.LegalName, customer.Email, customer.Phone);
        if (recipient?.Email is null)
        {
            return new Refusal("no-contact", $"Customer {customerNumber} has no contact with an email address to send a statement to.");
        }

        var today = db.Today();
        var items = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.OpenMinor > 0 && e.DueOn != null)
            .OrderBy(e => e.DueOn).Select(e => new { e.Document, DueOn = e.DueOn!.Value, e.Currency, e.OpenMinor }).ToListAsync(ct);
        if (items.Count == 0)
        {
            return new Refusal("nothing-open", $"Customer {customerNumber} has nothing open to put on a statement.");
        }

        var totals = DunningPlanner.Describe(DunningPlanner.Totals(items.Select(i => new Money(i.OpenMinor, Currency.Of(i.Currency)))));
        var body = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Dear {recipient.Name},").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Here is the statement of your account with us as of {today:yyyy-MM-dd}.").AppendLine()
            .AppendLine("Invoice, due date, days late, amount open:");
        foreach (var i in items)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"  {i.Document}  {i.DueOn:yyyy-MM-dd}  {Math.Max(0, today.DayNumber - i.DueOn.DayNumber)}  {CollectionsText.Show(i.OpenMinor, i.Currency)}");
        }

        var s = seller.Value;
        body.AppendLine(CultureInfo.InvariantCulture, $"Total open: {totals}").AppendLine().AppendLine("Kind regards,").AppendLine(s.DisplayName);
        foreach (var line in s.Address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append(s.ReplyTo ?? string.Empty).Where(l => l.Length > 0))
        {
            body.AppendLine(line);
        }

        var activity = new CollectionActivity
        {
            CustomerId = customer.Id, Kind = ActivityKind.StatementSent, AtUtc = db.UtcNow, By = db.Actor.Name,
            Text = $"To {recipient.Name} ({recipient.Email}): {totals} open on {PlainWords.Count(items.Count, "item")}.",
        };
        db.CollectionActivities.Add(activity);
        db.QueueEmail(new OutboxEmail(recipient.Email, $"Statement of account ({customer.TradingName ?? customer.LegalName})", body.ToString(), "collections-statement"));
        await db.SaveChangesAsync(ct);
        return LogContact.ToDto(activity);
    }

    public static async Task<IResult> Endpoint(string number, SendStatement use, CancellationToken ct)
    {
        var result = await use.Handle(number, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/customers/{Uri.EscapeDataString(number)}/timeline", result.Value) : result.Error!.ToProblem();
    }
}
