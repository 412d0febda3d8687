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
internal sealed class RunDunning(
    CreditDb db, DunningPolicies policies, SettlePromises settle, IDunningLedger ledger, DunningLetter letters, PublicLinks links, IOptions<SellerOptions> seller, IOptions<CollectionsOptions> options, ILogger<RunDunning> log)
{
    public const string Daily = "daily";
    public const string OnDemand = "on demand";

    /// <param name="only">Send only to these customers (the demo's collector's morning); null sends to everyone planned.</param>
    public async Task<DunningRunDto> Handle(DateOnly? asOf, string trigger, CancellationToken ct, IReadOnlySet<long>? only = null)
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
        var outcomes = new List<Outcome>();
        foreach (var plan in plans.Where(p => p.Message is not null && (only is null || only.Contains(p.Customer.Id))))
        {
            outcomes.Add(await Send(run, number, plan, ct));
        }

        var (sent, already) = (outcomes.Count(o => o == Outcome.Sent), outcomes.Count(o => o == Outcome.AlreadySent));

        run.MessagesSent = sent;
        run.AlreadySent = already;
        run.CustomersLeftOut = plans.Count(p => p.Message is null) + outcomes.Count(o => o == Outcome.Refused);
        run.FinishedAtUtc = db.UtcNow;
        db.DunningRuns.Update(run);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Dunning run {RunId} on {RunOn}: {Sent} sent, {Already} already sent today, {LeftOut} left out", run.Id, on, sent, already, run.CustomersLeftOut);
        return new DunningRunDto(run.Id, on, trigger, sent, already, run.CustomersLeftOut, PreviewDunning.Describe(on, number, policy, plans, promises with { Outcomes = settled }));
    }

    /// <summary>What became of one planned message.</summary>
    private enum Outcome
    {
        Sent,
        AlreadySent,
        Refused,
    }

    /// <summary>
    /// Stores and queues one customer's message, posts its fees and interest through the ledger and holds credit when
    /// the level says so, all in one transaction; AlreadySent when it was already sent today, Refused (nothing written)
    /// when the ledger refused a charge or the letter could not be rendered.
    /// </summary>
    private async Task<Outcome> Send(DunningRun run, int policyNumber, CustomerPlan plan, CancellationToken ct)
    {
        var m = plan.Message!;
        var customer = plan.Customer;
        var charges = DunningChargeReferences.Of(m, customer.Number, run.RunOn, options.Value.ChargeDueDays);
        var message = await Compose(run, policyNumber, plan, charges, ct);
        if (message is null)
        {
            return Outcome.Refused;
        }

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
            await Undo(tx, run);
            return Outcome.AlreadySent; // (customer, recipient, day) is already there: sent by an earlier or a concurrent run
        }

        foreach (var charge in charges)
        {
            if (await ledger.Charge(customer.Number, charge, ct) is { } refused)
            {
                log.LogWarning("Dunning message to {Customer} not sent: the ledger refused {Reference}: {Detail}", customer.Number, charge.Reference, refused.Message);
                await Undo(tx, run);
                return Outcome.Refused;
            }
        }

        Publish(run, plan, message, held);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Sent;
    }

    private async Task Undo(OwnedTransaction tx, DunningRun run)
    {
        await tx.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        db.Attach(run);
    }

    /// <summary>The events name the stored message, so they follow its insert, inside the same transaction.</summary>
    private void Publish(DunningRun run, CustomerPlan plan, DunningMessage message, bool held)
    {
        var m = plan.Message!;
        var customer = plan.Customer;
        db.Publish(new DunningMessageSent(message.Id, customer.Number, m.Level.Code, PreviewDunning.ChannelText(m.Level.Channel), run.RunOn, [.. m.Items.Select(i => i.Item.Document)]));
        if (m.Level.Channel == DunningChannel.Letter)
        {
            db.Publish(new DunningLetterDue(message.Id, customer.Number, customer.Recipient!.Name));
        }

        if (held)
        {
            db.Publish(new CreditHoldByDunning(customer.Number, m.Level.Code, message.Id));
        }
    }

    /// <summary>The message as it will be stored: rendered text, the letter's PDF for a letter level, items, fees and interest; null when the letter cannot be rendered.</summary>
    private async Task<DunningMessage?> Compose(DunningRun run, int policyNumber, CustomerPlan plan, IReadOnlyList<DunningCharge> charges, CancellationToken ct)
    {
        var m = plan.Message!;
        var customer = plan.Customer;
        var recipient = customer.Recipient!;
        var (token, hash) = LinkSecrets.New();
        var s = seller.Value;
        var text = DunningTemplates.Render(m.TemplateKey, m, recipient.Name, customer.Name, new SellerIdentity(s.DisplayName, s.Address, s.ReplyTo), links.To($"/statement/{token}"));
        byte[]? pdf = null;
        if (m.Level.Channel == DunningChannel.Letter)
        {
            var rendered = letters.Render(await LetterAddressOf(customer, ct), run.RunOn, text.Subject, text.Body);
            if (!rendered.IsOk)
            {
                log.LogWarning("Dunning letter to {Customer} not sent: {Detail}", customer.Number, rendered.Error!.Message);
                return null;
            }

            pdf = rendered.Value;
        }

        return new DunningMessage
        {
            RunId = run.Id, CustomerId = customer.Id, RunOn = run.RunOn, Recipient = PreviewDunning.RecipientKey(m.Level.Channel, recipient), RecipientName = recipient.Name,
            Channel = m.Level.Channel, LevelIndex = m.LevelIndex, LevelCode = m.Level.Code, LevelName = m.Level.Name, TemplateKey = m.TemplateKey,
            Subject = text.Subject, Body = text.Body, TotalsText = DunningPlanner.Describe(m.Totals),
            FeesText = m.Fees.Count == 0 ? null : DunningPlanner.Describe(m.Fees),
            InterestText = m.InterestTotals.Count == 0 ? null : DunningPlanner.Describe(m.InterestTotals),
            ChargesText = charges.Count == 0 ? null : string.Join("\n", charges.Select(c => $"{c.What}: {c.Amount.ToDisplayString()} posted as {c.Reference}, due {c.DueOn:yyyy-MM-dd}")),
            LetterPdf = pdf, CreditHold = m.CreditHold, PolicyNumber = policyNumber, SentAtUtc = db.UtcNow, SentBy = db.Actor.Name, LinkHash = hash,
            Items = [.. m.Items.Select(i => new DunningMessageItem
            {
                EntryId = i.Item.Id, Document = i.Item.Document, DueOn = i.Item.DueOn, Currency = i.Item.Open.Currency.Code, OpenMinor = i.Item.Open.Minor,
                LevelIndex = i.LevelIndex, DaysPastDue = i.DaysPastDue, FeeMinor = i.Fee?.Minor, InterestMinor = i.Interest?.Minor,
            })],
        };
    }

    private async Task<LetterAddress> LetterAddressOf(DunningCustomer customer, CancellationToken ct)
    {
        var a = await db.Customers.AsNoTracking().Where(c => c.Id == customer.Id).Select(c => c.BillingAddress).SingleAsync(ct);
        var cityLine = string.Join(" ", new[] { a.PostalCode, a.City, a.Region }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return new LetterAddress(customer.Recipient!.Name, customer.Name, [.. new[] { a.Line1, a.Line2, cityLine, a.Country }.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!)]);
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
