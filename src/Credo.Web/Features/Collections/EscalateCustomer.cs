using System.Text.Json;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Credo.Web.Features.Collections;

/// <param name="To">The credit manager (or admin) to escalate to, by email; none means every credit manager.</param>
internal sealed record EscalateRequest(string? To, string? Reason);

/// <summary>
/// Escalates a customer to a manager: the reason goes on the timeline, an audit row names who escalated to whom and
/// why, the manager is emailed a link to the customer's collection page, and the worklist raises the customer for
/// 30 days (<see cref="Domain.Collections.CollectionScore.PerEscalation"/> points). One save.
/// </summary>
internal sealed class EscalateCustomer(CreditDb db, UserManager<CreditUser> users, PublicLinks links)
{
    public async Task<Result<ActivityDto>> Handle(string customerNumber, EscalateRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 500)
        {
            return new ValidationFailed("reason", "Say why, in at most 500 characters.");
        }

        var managers = await Managers();
        var to = request.To?.Trim();
        if (to is { Length: > 0 } && !managers.Contains(to, StringComparer.OrdinalIgnoreCase))
        {
            return new ValidationFailed("to", $"Escalate to a credit manager or an admin: {(managers.Count == 0 ? "there is none yet" : string.Join(", ", managers))}.");
        }

        if (await db.CustomerId(customerNumber, ct) is not { } customerId)
        {
            return new NotFound("Customer", customerNumber);
        }

        var reason = request.Reason.Trim();
        List<string> recipients = to is { Length: > 0 } ? [to] : (await users.GetUsersInRoleAsync(Roles.CreditManager)).Select(u => u.Email!).Where(e => e is not null).ToList();
        var whom = to is { Length: > 0 } ? to : "the credit managers";
        var activity = new CollectionActivity { CustomerId = customerId, Kind = ActivityKind.Escalated, AtUtc = db.UtcNow, By = db.Actor.Name, Text = $"To {whom}: {reason}" };
        db.CollectionActivities.Add(activity);
        db.Audit.Add(new AuditEntry
        {
            AtUtc = db.UtcNow, Actor = db.Actor.Name, Action = "escalate", Entity = "Customer", EntityId = customerNumber,
            AfterJson = JsonSerializer.Serialize(new { to = whom, reason }),
        });
        foreach (var email in recipients)
        {
            db.QueueEmail(new OutboxEmail(
                email, $"Collections: {customerNumber} escalated to you", $"{Timeline.Who(db.Actor.Name)} escalated customer {customerNumber}:\n\n{reason}\n\n{links.To($"/team/collections/customers/{Uri.EscapeDataString(customerNumber)}").AbsoluteUri}\n", "collections-escalation"));
        }

        await db.SaveChangesAsync(ct);
        return LogContact.ToDto(activity);
    }

    /// <summary>The people a customer can be escalated to: credit managers and admins, by email.</summary>
    public async Task<List<string>> Managers() =>
        [.. (await users.GetUsersInRoleAsync(Roles.CreditManager)).Concat(await users.GetUsersInRoleAsync(Roles.Admin))
            .Select(u => u.Email).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    public static async Task<IResult> Endpoint(string number, EscalateRequest request, EscalateCustomer use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/customers/{Uri.EscapeDataString(number)}/timeline", result.Value) : result.Error!.ToProblem();
    }
}
