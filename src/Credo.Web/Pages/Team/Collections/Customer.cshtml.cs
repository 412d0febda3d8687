using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>One customer's collection: open invoices, promises, the timeline, and the collector's actions (log a call, record a promise, snooze).</summary>
internal sealed class CustomerModel(CreditDb db, Timeline timeline, ListPromises promises, LogContact log, RecordPromise promise, SnoozeCustomer snooze, IAuthorizationService authorization, ListCases cases, OpenCase openCase) : PageModel
{
    public string Number { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Phone { get; private set; }

    public IReadOnlyList<(string Document, DateOnly DueOn, decimal Open, string Currency, bool Disputed)> Items { get; private set; } = [];

    public IReadOnlyList<PromiseDto> Promises { get; private set; } = [];

    public IReadOnlyList<TimelineEntry> Entries { get; private set; } = [];

    public IReadOnlyList<CaseDto> Cases { get; private set; } = [];

    public bool CanWork { get; private set; }

    public bool CanHandOver { get; private set; }

    public IReadOnlyList<string> Managers { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, [FromServices] EscalateCustomer escalate, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (customer is null)
        {
            return NotFound();
        }

        Number = customer.Number;
        Name = customer.TradingName ?? customer.LegalName;
        Phone = customer.Contacts.FirstOrDefault(c => c.Phone is not null)?.Phone ?? customer.Phone;
        Today = db.Today();
        Items = [.. (await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.OpenMinor > 0 && e.DueOn != null).OrderBy(e => e.DueOn).ToListAsync(ct))
            .Select(e => (e.Document ?? "#" + e.Id, e.DueOn!.Value, Infrastructure.Amount.Of(e.OpenMinor, e.Currency).Value, e.Currency, e.Disputed))];
        Promises = await promises.Handle(number, ct) ?? [];
        Entries = await timeline.Handle(number, 100, ct) ?? [];
        Cases = (await cases.Handle("all", number, null, ct)).Value ?? [];
        CanWork = (await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded;
        CanHandOver = (await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded;
        Managers = CanWork ? await escalate.Managers() : [];
        return Page();
    }

    public Task<IActionResult> OnPostCallAsync(string number, string? outcome, string? text, CancellationToken ct) =>
        Act(number, async () => Done(await log.Handle(number, new LogContactRequest("call", outcome, text), ct), "Call logged."));

    public Task<IActionResult> OnPostNoteAsync(string number, string? text, CancellationToken ct) =>
        Act(number, async () => Done(await log.Handle(number, new LogContactRequest("note", null, text), ct), "Note added."));

    public Task<IActionResult> OnPostPromiseAsync(string number, string? promisedOn, string? amount, string[]? invoices, string? channel, string? note, CancellationToken ct) =>
        Act(number, async () =>
        {
            var on = Shared.MoneyText.ParseDate(promisedOn);
            var result = await promise.Handle(number, new RecordPromiseRequest(on, Shared.MoneyText.Parse(amount), invoices, channel, note), ct);
            return Done(result, result.IsOk ? $"Promise recorded: {result.Value!.Amount.Value.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} {result.Value.Amount.Currency} by {result.Value.PromisedOn:yyyy-MM-dd}." : "");
        });

    public Task<IActionResult> OnPostSnoozeAsync(string number, string? until, string? reason, CancellationToken ct) =>
        Act(number, async () => Done(await snooze.Handle(number, new SnoozeRequest(Shared.MoneyText.ParseDate(until), reason), ct), $"Snoozed until {until}."));

    public Task<IActionResult> OnPostDisputeAsync(string number, string? invoice, string? reason, string? amount, string? message, IFormFile? attachment, CancellationToken ct) =>
        Act(number, async () =>
        {
            var result = await openCase.Handle(new OpenCaseRequest(invoice, reason, Shared.MoneyText.Parse(amount), message), CaseOrigin.Staff, await CaseUpload.Read(attachment, ct), ct);
            return Done(result, result.IsOk ? $"Case {result.Value!.Id} opened on {result.Value.Invoice}: {Shared.MoneyText.Show(result.Value.Disputed.Value, result.Value.Disputed.Currency)} left out of reminders." : "");
        });

    public Task<IActionResult> OnPostStatementAsync(string number, [FromServices] SendStatement statement, CancellationToken ct) =>
        Act(number, async () => Done(await statement.Handle(number, ct), "Statement sent."));

    public Task<IActionResult> OnPostEscalateAsync(string number, string? to, string? reason, [FromServices] EscalateCustomer escalate, CancellationToken ct) =>
        Act(number, async () => Done(await escalate.Handle(number, new EscalateRequest(to, reason), ct), "Escalated."));

    public async Task<IActionResult> OnPostHandOverAsync(string number, string? agency, [FromServices] AgencyExport export, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded)
        {
            return Forbid();
        }

        var result = await export.Handle(new AgencyExportRequest(agency, [number]), ct);
        if (result.IsOk)
        {
            return File(System.Text.Encoding.UTF8.GetBytes(result.Value!), "text/csv", $"agency-handover-{number}.csv");
        }

        (Failed, Message) = (true, Done(result, ""));
        return RedirectToPage(new { number });
    }

    private async Task<IActionResult> Act(string number, Func<Task<string?>> action)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded)
        {
            return Forbid();
        }

        var error = await action();
        Failed = error is not null;
        Message ??= error;
        return RedirectToPage(new { number });
    }

    private string? Done<T>(Result<T> result, string ok)
    {
        if (result.IsOk)
        {
            Message = ok;
            return null;
        }

        return result.Error!.Field is { } field ? $"{Field(field)}: {result.Error.Message}" : result.Error.Message;
    }

    private static string Field(string field) => field switch
    {
        "promisedOn" => "Promised date",
        "amount" => "Amount",
        "invoices" => "Invoices",
        "channel" => "How it was made",
        "outcome" => "Outcome",
        "until" => "Snooze until",
        "text" => "Text",
        "reason" => "Reason",
        "message" => "Message",
        "attachment" => "Attachment",
        "invoice" => "Invoice",
        "to" => "Escalate to",
        "agency" => "Agency",
        "customers" => "Customer",
        _ => "Input",
    };
}
