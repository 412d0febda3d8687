using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Collections;

/// <param name="Kind">call or note.</param>
/// <param name="Outcome">For a call: one of <see cref="CallOutcomes.All"/>.</param>
internal sealed record LogContactRequest(string? Kind, string? Outcome, string? Text);

internal sealed record ActivityDto(long Id, DateTime AtUtc, string By, string Kind, string? Outcome, string? Text, DateOnly? SnoozeUntil);

/// <summary>What a call came to, in people's words; the code is what is stored.</summary>
internal static class CallOutcomes
{
    public static readonly IReadOnlyList<(string Code, string Text)> All =
    [
        ("will-pay", "Reached: will pay"),
        ("promised", "Reached: promised a date"),
        ("disputes", "Reached: disputes an invoice"),
        ("cannot-pay", "Reached: cannot pay yet"),
        ("voicemail", "Left a voicemail"),
        ("no-answer", "No answer"),
        ("wrong-contact", "Wrong number or contact"),
    ];

    public static string? Text(string? code) => All.FirstOrDefault(o => o.Code == code).Text;
}

/// <summary>Logs a call (with its outcome) or a note on a customer's collection timeline.</summary>
internal sealed class LogContact(CreditDb db)
{
    public async Task<Result<ActivityDto>> Handle(string customerNumber, LogContactRequest request, CancellationToken ct)
    {
        var kind = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "call" => ActivityKind.Call,
            "note" => ActivityKind.Note,
            _ => (ActivityKind?)null,
        };
        if (kind is null)
        {
            return new ValidationFailed("kind", "A contact is a call or a note.");
        }

        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (kind == ActivityKind.Call && CallOutcomes.Text(outcome) is null)
        {
            return new ValidationFailed("outcome", $"A call's outcome is one of: {string.Join("; ", CallOutcomes.All.Select(o => o.Text))}.");
        }

        if (kind == ActivityKind.Note && string.IsNullOrWhiteSpace(request.Text))
        {
            return new ValidationFailed("text", "A note needs some text.");
        }

        if (request.Text is { Length: > 2000 })
        {
            return new ValidationFailed("text", "At most 2000 characters.");
        }

        if (await db.CustomerId(customerNumber, ct) is not { } customerId)
        {
            return new NotFound("Customer", customerNumber);
        }

        var activity = new CollectionActivity
        {
            CustomerId = customerId, Kind = kind.Value, AtUtc = db.UtcNow, By = db.Actor.Name,
            Outcome = kind == ActivityKind.Call ? outcome : null, Text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text.Trim(),
        };
        db.CollectionActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        return ToDto(activity);
    }

    public static ActivityDto ToDto(CollectionActivity a) => new(a.Id, a.AtUtc, a.By, Timeline.Describe(a.Kind), CallOutcomes.Text(a.Outcome), a.Text, a.SnoozeUntil);

    public static async Task<IResult> Endpoint(string number, LogContactRequest request, LogContact use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/customers/{Uri.EscapeDataString(number)}/timeline", result.Value) : result.Error!.ToProblem();
    }
}

internal sealed record SnoozeRequest(DateOnly? Until, string? Reason);

/// <summary>Takes a customer off the worklist until a date (at most 90 days), with a reason, on the timeline.</summary>
internal sealed class SnoozeCustomer(CreditDb db)
{
    public async Task<Result<ActivityDto>> Handle(string customerNumber, SnoozeRequest request, CancellationToken ct)
    {
        var today = db.Today();
        if (request.Until is not { } until || until <= today || until > today.AddDays(90))
        {
            return new ValidationFailed("until", "Snooze until a date from tomorrow to 90 days ahead.");
        }

        if (request.Reason is { Length: > 500 })
        {
            return new ValidationFailed("reason", "At most 500 characters.");
        }

        if (await db.CustomerId(customerNumber, ct) is not { } customerId)
        {
            return new NotFound("Customer", customerNumber);
        }

        var activity = new CollectionActivity { CustomerId = customerId, Kind = ActivityKind.Snooze, AtUtc = db.UtcNow, By = db.Actor.Name, SnoozeUntil = until, Text = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim() };
        db.CollectionActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        return LogContact.ToDto(activity);
    }

    public static async Task<IResult> Endpoint(string number, SnoozeRequest request, SnoozeCustomer use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
