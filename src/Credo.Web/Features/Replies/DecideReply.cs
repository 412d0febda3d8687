using System.Text.Json;
using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Replies;

/// <param name="Label">What the collector says the reply is (paid, promise, dispute, ...); none keeps the rules' reading.</param>
/// <param name="Invoices">For a promise: the invoices promised (none: every open invoice due); for a dispute: the invoices disputed.</param>
internal sealed record ConfirmReplyRequest(string? Label = null, DateOnly? On = null, decimal? Amount = null, IReadOnlyList<string>? Invoices = null, string? Reason = null, string? Note = null);

/// <summary>
/// A collector confirms what a reply says, correcting it first where the rules read it wrong, or discards it. A
/// promise becomes a recorded promise (<see cref="RecordPromise"/>) and a dispute a case per invoice
/// (<see cref="OpenCase"/>), in one transaction with the reply's decision, its audit row and its event; the other
/// labels only close the reply. Nothing is changed on an account without this step.
/// </summary>
internal sealed class DecideReply(CreditDb db, RecordPromise promises, OpenCase cases)
{
    /// <summary>The actor the audit trail, the promise and the case name when the assistant applies a reply.</summary>
    public const string Assistant = "assistant";

    public Task<Result<ReplyDto>> Confirm(long id, ConfirmReplyRequest request, CancellationToken ct) => Decide(id, request, ReplyStatus.Confirmed, null, ct);

    /// <summary>The audit action of reminders held by the assistant on a reply that stays waiting for a person.</summary>
    public const string HeldAction = "reminders-held-automatically";

    /// <summary>
    /// The assistant applies a reply read above the configured threshold (<see cref="ReplyAutoApply"/>). A promise or a
    /// dispute goes as a collector's confirmation would (the same promise and case use cases); a hold (paid, wrong
    /// contact, out of office) holds the customer's reminders (<see cref="HoldReminders"/>). Under the actor
    /// "assistant", with the confidence and the evidence in the audit row. A reply already decided is left alone; a
    /// refusal (no date, no invoice named) leaves it waiting for a person, and says why.
    /// </summary>
    public async Task<Result<ReplyDto>> ApplyAutomatically(long id, AutoApplyVerdict verdict, CancellationToken ct)
    {
        Result<ReplyDto> result;
        using (ActingAs.Begin(Assistant))
        {
            result = verdict.HoldUntil is { } until
                ? await HoldReminders(id, verdict, until, ct)
                : await Decide(id, new ConfirmReplyRequest(), ReplyStatus.AppliedAutomatically, verdict.Why, ct);
        }

        if (!result.IsOk && result.Error is not Refusal { RefusalCode: "reply-already-decided" })
        {
            db.ChangeTracker.Clear(); // nothing of the refused attempt may ride along with the note
            var reply = await db.InboundReplies.SingleAsync(r => r.Id == id, ct);
            reply.Outcome = Cut($"Not applied automatically: {result.Error!.Message}", 1000);
            await db.SaveChangesAsync(ct);
        }

        return result;
    }

    /// <summary>
    /// Holds the customer's reminders until the verdict's day (a timeline entry the dunning run reads), at most once per
    /// reply. An absence closes the reply; "paid" and "wrong contact" leave it waiting as the person's task, saying what
    /// was held and, for "paid", what the ledger and the unapplied bank lines show.
    /// </summary>
    private async Task<Result<ReplyDto>> HoldReminders(long id, AutoApplyVerdict verdict, DateOnly until, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        var reply = await db.InboundReplies.SingleAsync(r => r.Id == id, ct);
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reply.Status != ReplyStatus.Waiting || await db.Audit.AnyAsync(a => a.Entity == nameof(InboundReply) && a.EntityId == key && a.Action == HeldAction, ct))
        {
            return new Refusal("reply-already-decided", "This reply was already applied, confirmed or discarded.");
        }

        if (reply.CustomerId is not { } customerId)
        {
            return new Refusal("reply-without-customer", "No customer is matched to this reply, so there are no reminders to hold.");
        }

        var outcome = await HoldOutcome(reply, verdict.Effect, until, customerId, ct);
        db.CollectionActivities.Add(new CollectionActivity { CustomerId = customerId, Kind = ActivityKind.RemindersHeld, AtUtc = db.UtcNow, By = db.Actor.Name, SnoozeUntil = until, Text = Cut(outcome, 2000) });
        if (verdict.ClosesReply)
        {
            var customer = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync(ct);
            Close(reply, ReplyStatus.AppliedAutomatically, reply.Label, customer, new Applied(outcome, null, null), verdict.Why);
        }
        else
        {
            reply.Outcome = Cut(outcome, 1000);
            db.Audit.Add(new AuditEntry
            {
                AtUtc = db.UtcNow, Actor = db.Actor.Name, Action = HeldAction, Entity = nameof(InboundReply), EntityId = key,
                BeforeJson = JsonSerializer.Serialize(new { status = ReplyWords.Status(reply.Status) }),
                AfterJson = JsonSerializer.Serialize(new { status = ReplyWords.Status(reply.Status), label = ReplyWords.Slug(reply.Label), heldUntil = PlainWords.Date(until), outcome, confidencePercent = reply.ConfidencePercent, why = verdict.Why, evidence = reply.Evidence.Split('\n', StringSplitOptions.RemoveEmptyEntries) }),
            });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ReplyViews.One(db, id, ct))!;
    }

    private async Task<string> HoldOutcome(InboundReply reply, ReplyEffect effect, DateOnly until, long customerId, CancellationToken ct) => effect switch
    {
        ReplyEffect.HoldForPaymentCheck =>
            $"Reminders held until {PlainWords.Date(until)} while a person checks the cash application for the payment. {await PaidClaimCheck.Hint(db, reply, customerId, ct)}",
        ReplyEffect.HoldForNewContact => $"Reminders held until {PlainWords.Date(until)} while a person finds the right contact.",
        ReplyEffect.HoldUntilReturn => $"The next reminder is held until {PlainWords.Date(until)}, when the contact is back.",
        ReplyEffect.WaitForPerson or ReplyEffect.RecordPromise or ReplyEffect.OpenDisputeCase => throw new InvalidOperationException("only a hold holds reminders"),
    };

    private async Task<Result<ReplyDto>> Decide(long id, ConfirmReplyRequest request, ReplyStatus status, string? automatically, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        var reply = await db.InboundReplies.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reply is null)
        {
            return new NotFound("Reply", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (reply.Status != ReplyStatus.Waiting)
        {
            return new Refusal("reply-already-decided", "This reply was already confirmed or discarded.");
        }

        var label = request.Label is null ? reply.Label : ReplyWords.Parse(request.Label);
        if (label is not { } chosen)
        {
            return new ValidationFailed("label", $"The label is one of: {string.Join(", ", ReplyWords.Labels.Select(ReplyWords.Slug))}.");
        }

        var customer = reply.CustomerId is { } cid ? await db.Customers.Where(c => c.Id == cid).Select(c => c.Number).SingleAsync(ct) : null;
        var applied = await Apply(reply, chosen, customer, request, ct);
        if (!applied.IsOk)
        {
            await tx.RollbackAsync(ct);
            return applied.Error!;
        }

        Close(reply, status, chosen, customer, applied.Value!, automatically);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ReplyViews.One(db, id, ct))!;
    }

    public async Task<Result<ReplyDto>> Discard(long id, CancellationToken ct)
    {
        var reply = await db.InboundReplies.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reply is null)
        {
            return new NotFound("Reply", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (reply.Status != ReplyStatus.Waiting)
        {
            return new Refusal("reply-already-decided", "This reply was already confirmed or discarded.");
        }

        var customer = reply.CustomerId is { } cid ? await db.Customers.Where(c => c.Id == cid).Select(c => c.Number).SingleAsync(ct) : null;
        Close(reply, ReplyStatus.Discarded, reply.Label, customer, new Applied("Discarded: nothing changed.", null, null), null);
        await db.SaveChangesAsync(ct);
        return (await ReplyViews.One(db, id, ct))!;
    }

    private sealed record Applied(string Outcome, long? PromiseId, long? CaseId);

    private async Task<Result<Applied>> Apply(InboundReply reply, ReplyLabel label, string? customer, ConfirmReplyRequest request, CancellationToken ct)
    {
        if (label is ReplyLabel.Promise or ReplyLabel.Dispute && customer is null)
        {
            return new Refusal("reply-without-customer", "No customer is matched to this reply: a promise or a dispute needs one.");
        }

        var invoices = request.Invoices ?? reply.Invoices.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var amount = request.Amount ?? (reply.AmountMinor is { } m ? MoneyJson.Major(m, reply.Currency!) : null);
        var note = request.Note ?? $"From the customer's reply of {PlainWords.Date(reply.ReceivedOn)}.";
        switch (label)
        {
            case ReplyLabel.Promise:
                var promise = await promises.Handle(customer!, new RecordPromiseRequest(request.On ?? reply.On, amount, invoices.Count > 0 ? invoices : null, "email", note), ct);
                return promise.IsOk ? new Applied($"Promise recorded: {DraftReminder.Words(promise.Value!.Amount)} by {PlainWords.Date(promise.Value.PromisedOn)}.", promise.Value.Id, null) : promise.Error!;
            case ReplyLabel.Dispute:
                return await OpenCases(reply, invoices, request.Reason ?? (reply.Reason is { } r ? DisputeCaseFlow.Slug(r) : "other"), ct);
            case ReplyLabel.Paid or ReplyLabel.WrongContact or ReplyLabel.OutOfOffice or ReplyLabel.CopyRequest or ReplyLabel.Other:
                return new Applied($"Confirmed as \u201c{ReplyWords.Label(label).ToLowerInvariant()}\u201d: nothing changed on the account.", null, null);
        }

        throw new InvalidOperationException("unreachable: every label is handled above");
    }

    private async Task<Result<Applied>> OpenCases(InboundReply reply, IReadOnlyList<string> invoices, string reason, CancellationToken ct)
    {
        if (invoices.Count == 0)
        {
            return new ValidationFailed("invoices", "Name the disputed invoice: the reply names none.");
        }

        long? first = null;
        foreach (var invoice in invoices)
        {
            var opened = await cases.Handle(new OpenCaseRequest(invoice, reason, null, Cut(ReplyClassifier.OwnWords(reply.Body).Trim(), 2000)), CaseOrigin.Staff, null, ct);
            if (!opened.IsOk)
            {
                return opened.Error!;
            }

            first ??= opened.Value!.Id;
        }

        return new Applied($"Case opened on {string.Join(", ", invoices)}.", null, first);
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;

    private void Close(InboundReply reply, ReplyStatus status, ReplyLabel label, string? customer, Applied applied, string? automatically)
    {
        var before = new { status = ReplyWords.Status(reply.Status), label = ReplyWords.Slug(reply.Label) };
        reply.Status = status;
        reply.DecidedAtUtc = db.UtcNow;
        reply.DecidedBy = db.Actor.Name;
        reply.Outcome = applied.Outcome;
        var after = automatically is null
            ? (object)new { status = ReplyWords.Status(status), label = ReplyWords.Slug(label), outcome = applied.Outcome }
            : new { status = ReplyWords.Status(status), label = ReplyWords.Slug(label), outcome = applied.Outcome, confidencePercent = reply.ConfidencePercent, why = automatically, evidence = reply.Evidence.Split('\n', StringSplitOptions.RemoveEmptyEntries) };
        db.Audit.Add(new AuditEntry
        {
            AtUtc = db.UtcNow, Actor = db.Actor.Name, Action = Action(status), Entity = nameof(InboundReply),
            EntityId = reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), BeforeJson = JsonSerializer.Serialize(before), AfterJson = JsonSerializer.Serialize(after),
        });
        db.Publish(new ReplyDecided(reply.Id, customer, ReplyWords.Status(status), ReplyWords.Slug(label), applied.Outcome, applied.PromiseId, applied.CaseId));
    }

    private static string Action(ReplyStatus status) => status switch
    {
        ReplyStatus.Confirmed => "reply-confirmed",
        ReplyStatus.Discarded => "reply-discarded",
        ReplyStatus.AppliedAutomatically => "reply-applied-automatically",
        ReplyStatus.Waiting => throw new InvalidOperationException("a decision never leaves a reply waiting"),
    };

    public static async Task<IResult> ConfirmEndpoint(long id, ConfirmReplyRequest request, DecideReply use, CancellationToken ct)
    {
        var result = await use.Confirm(id, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> DiscardEndpoint(long id, DecideReply use, CancellationToken ct)
    {
        var result = await use.Discard(id, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
