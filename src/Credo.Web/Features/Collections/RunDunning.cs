using Credo.Domain.Collections;
using Credo.Domain.Customers;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>What a run did: the messages it sent, those another run had already sent today, and the preview it acted on.</summary>
internal sealed record DunningRunDto(long? RunId, DateOnly RunOn, string Trigger, int Sent, int AlreadySent, int LeftOut, DunningPreviewDto Plan, string? Skipped = null);

/// <summary>
/// The dunning run: settles promises from the ledger, plans with <see cref="DunningPlanner"/>, then stores each message
/// as sent (rendered text, recipient, time, items) and queues it through the outbox in the same save, one customer per
/// save. A message already stored for the customer, recipient and day (a rerun, or a run racing this one) is refused
/// by the unique index, so running twice on one day sends nothing twice.
/// </summary>
internal sealed class RunDunning(CreditDb db, DunningPolicies policies, SettlePromises settle, PublicLinks links, IOptions<SellerOptions> seller, IOptions<CollectionsOptions> options, ILogger<RunDunning> log)
{
    public const string Daily = "daily";
    public const string OnDemand = "on demand";

    public async Task<DunningRunDto> Handle(DateOnly? asOf, string trigger, CancellationToken ct)
    {
        var on = asOf ?? db.Today();
        var (number, policy) = await policies.Current(ct);
        var run = new DunningRun { RunOn = on, Trigger = trigger, DailyKey = trigger == Daily ? on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null, PolicyNumber = number, StartedAtUtc = db.UtcNow, StartedBy = db.Actor.Name };
        db.DunningRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (trigger == Daily)
        {
            db.ChangeTracker.Clear();
            return new DunningRunDto(null, on, trigger, 0, 0, 0, new DunningPreviewDto(on, number, [], [], []), "Today's daily run has already been started by another instance.");
        }

        var settled = await settle.Handle(on, null, ct);
        var promises = await PromiseBook.Evaluate(db, on, options.Value.Tolerance, null, track: false, ct);
        var plans = DunningPlanner.Plan(policy, await DunningFacts.Load(db, policy, promises, on, ct), on);
        var (sent, already) = (0, 0);
        foreach (var plan in plans.Where(p => p.Message is not null))
        {
            if (await Send(run, number, policy, plan, ct))
            {
                sent++;
            }
            else
            {
                already++;
            }
        }

        run.MessagesSent = sent;
        run.AlreadySent = already;
        run.CustomersLeftOut = plans.Count(p => p.Message is null);
        run.FinishedAtUtc = db.UtcNow;
        db.DunningRuns.Update(run);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Dunning run {RunId} on {RunOn}: {Sent} sent, {Already} already sent today, {LeftOut} left out", run.Id, on, sent, already, run.CustomersLeftOut);
        return new DunningRunDto(run.Id, on, trigger, sent, already, run.CustomersLeftOut, PreviewDunning.Describe(on, number, policy, plans, promises with { Outcomes = settled }));
    }

    /// <summary>Stores and queues one customer's message in one save; false when it was already sent today.</summary>
    private async Task<bool> Send(DunningRun run, int policyNumber, DunningPolicy policy, CustomerPlan plan, CancellationToken ct)
    {
        var m = plan.Message!;
        var customer = plan.Customer;
        var recipient = customer.Recipient!;
        var (token, hash) = LinkSecrets.New();
        var s = seller.Value;
        var text = DunningTemplates.Render(m.TemplateKey, m, recipient.Name, customer.Name, new SellerIdentity(s.DisplayName, s.Address, s.ReplyTo), links.To($"/statement/{token}"));
        var message = new DunningMessage
        {
            RunId = run.Id,
            CustomerId = customer.Id,
            RunOn = run.RunOn,
            Recipient = PreviewDunning.RecipientKey(m.Level.Channel, recipient),
            RecipientName = recipient.Name,
            Channel = m.Level.Channel,
            LevelIndex = m.LevelIndex,
            LevelCode = m.Level.Code,
            LevelName = m.Level.Name,
            TemplateKey = m.TemplateKey,
            Subject = text.Subject,
            Body = text.Body,
            TotalsText = DunningPlanner.Describe(m.Totals),
            FeesText = m.Fees.Count == 0 ? null : DunningPlanner.Describe(m.Fees),
            CreditHold = m.CreditHold,
            PolicyNumber = policyNumber,
            SentAtUtc = db.UtcNow,
            SentBy = db.Actor.Name,
            LinkHash = hash,
            Items = [.. m.Items.Select(i => new DunningMessageItem
            {
                EntryId = i.Item.Id, Document = i.Item.Document, DueOn = i.Item.DueOn, Currency = i.Item.Open.Currency.Code, OpenMinor = i.Item.Open.Minor,
                LevelIndex = i.LevelIndex, DaysPastDue = i.DaysPastDue, FeeMinor = i.Fee?.Minor,
            })],
        };
        await using var tx = await OwnedTransaction.Begin(db, ct);
        db.DunningMessages.Add(message);
        if (m.Level.Channel == DunningChannel.Email)
        {
            db.QueueEmail(new OutboxEmail(message.Recipient, message.Subject, message.Body, "dunning-" + m.Level.Code));
        }

        var held = m.CreditHold && await HoldCredit(customer, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            db.Attach(run);
            return false; // (customer, recipient, day) is already there: sent by an earlier or a concurrent run
        }

        // The events name the stored message, so they follow its insert, inside the same transaction.
        db.Publish(new DunningMessageSent(message.Id, customer.Number, m.Level.Code, PreviewDunning.ChannelText(m.Level.Channel), run.RunOn, [.. m.Items.Select(i => i.Item.Document)]));
        if (m.Level.Channel == DunningChannel.Letter)
        {
            db.Publish(new DunningLetterDue(message.Id, customer.Number, recipient.Name));
        }

        if (held)
        {
            db.Publish(new CreditHoldByDunning(customer.Number, m.Level.Code, message.Id));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The level asks for a credit hold: an active customer goes on hold, which the customer-status block rule enforces.</summary>
    private async Task<bool> HoldCredit(DunningCustomer customer, CancellationToken ct)
    {
        var row = await db.Customers.SingleAsync(c => c.Id == customer.Id, ct);
        if (row.Status != CustomerStatus.Active)
        {
            return false;
        }

        row.Status = CustomerStatus.OnHold;
        row.UpdatedAtUtc = db.UtcNow;
        row.Version++;
        return true;
    }

    public static async Task<IResult> Endpoint(DunningRunRequest? request, RunDunning use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(request?.AsOf, OnDemand, ct));
}

internal sealed record DunningRunRequest(DateOnly? AsOf);

internal static class CollectionsText
{
    /// <summary>"1,234.50 USD".</summary>
    public static string Show(long minor, string currency) => new Money(minor, Currency.Of(currency)).ToDisplayString();
}
