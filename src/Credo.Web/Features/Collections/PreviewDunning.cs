using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>An item of a previewed or sent message.</summary>
internal sealed record DunningItemDto(string Document, DateOnly DueOn, int DaysPastDue, Amount Open, string Level, Amount? Fee, Amount? Interest = null);

/// <summary>An item left out, with the reason (a stable code) and why (in people's words).</summary>
internal sealed record LeftOutItemDto(string Document, DateOnly DueOn, Amount Open, string Reason, string Why);

internal sealed record DunningMessageDto(
    string Customer,
    string CustomerName,
    string RecipientName,
    string Recipient,
    string Level,
    string LevelName,
    string Channel,
    string Language,
    IReadOnlyList<DunningItemDto> Items,
    IReadOnlyList<Amount> Totals,
    IReadOnlyList<Amount> Fees,
    bool CreditHold,
    IReadOnlyList<LeftOutItemDto> LeftOutItems,
    IReadOnlyList<Amount> Interest,
    string Strategy);

internal sealed record LeftOutCustomerDto(string Customer, string CustomerName, string? Reason, string Why, IReadOnlyList<LeftOutItemDto> Items);

/// <summary>Who gets what and why, and who is left out and why, as of a date.</summary>
internal sealed record DunningPreviewDto(DateOnly AsOf, int PolicyNumber, IReadOnlyList<DunningMessageDto> Messages, IReadOnlyList<LeftOutCustomerDto> LeftOut, IReadOnlyList<string> PromiseChanges);

/// <summary>The dunning run without sending: the plan as of a date, with promises evaluated (not saved) on that date.</summary>
internal sealed class PreviewDunning(CreditDb db, DunningPolicies policies, IOptions<CollectionsOptions> options)
{
    public async Task<DunningPreviewDto> Handle(DateOnly? asOf, CancellationToken ct)
    {
        var on = asOf ?? db.Today();
        var (number, policy) = await policies.Current(ct);
        var promises = await PromiseBook.Evaluate(db, on, options.Value.Tolerance, null, track: false, ct);
        var customers = await DunningFacts.Load(db, policy, promises, on, ct);
        var plans = DunningPlanner.Plan(policy, customers, on);
        return Describe(on, number, policy, plans, promises);
    }

    public static DunningPreviewDto Describe(DateOnly on, int number, DunningPolicy policy, IReadOnlyList<CustomerPlan> plans, PromiseState promises) => new(
        on,
        number,
        [.. plans.Where(p => p.Message is not null).Select(p => ToDto(policy, p))],
        [.. plans.Where(p => p.Message is null).Select(p => new LeftOutCustomerDto(
            p.Customer.Number, p.Customer.Name, p.LeftOut is null ? null : Code(p.LeftOut.Reason),
            p.LeftOut?.Text ?? "Every item due a reminder is left out.", [.. p.ExcludedItems.Select(LeftOut)]))],
        [.. promises.Outcomes.Select(o => $"Promise {o.Promise.Id} ({Amount.Of(o.Promise.AmountMinor, o.Promise.Currency).Value} {o.Promise.Currency} by {o.Promise.PromisedOn:yyyy-MM-dd}) {PromiseFlow.Describe(PromiseFlow.Next(PromiseStatus.Open, o.Event).Value)}")]);

    public static DunningMessageDto ToDto(DunningPolicy policy, CustomerPlan plan)
    {
        var m = plan.Message!;
        var r = plan.Customer.Recipient!;
        policy = plan.Policy ?? policy;
        return new DunningMessageDto(
            plan.Customer.Number, plan.Customer.Name, r.Name, RecipientKey(m.Level.Channel, r), m.Level.Code, m.Level.Name, ChannelText(m.Level.Channel), plan.Customer.Language,
            [.. m.Items.Select(i => new DunningItemDto(i.Item.Document, i.Item.DueOn, i.DaysPastDue, Amount.Of(i.Item.Open.Minor, i.Item.Open.Currency.Code), policy.Levels[i.LevelIndex].Name,
                i.Fee is { } fee ? Amount.Of(fee.Minor, fee.Currency.Code) : null, i.Interest is { } interest ? Amount.Of(interest.Minor, interest.Currency.Code) : null))],
            [.. m.Totals.Select(t => Amount.Of(t.Minor, t.Currency.Code))],
            [.. m.Fees.Select(t => Amount.Of(t.Minor, t.Currency.Code))],
            m.CreditHold,
            [.. plan.ExcludedItems.Select(LeftOut)],
            [.. m.InterestTotals.Select(t => Amount.Of(t.Minor, t.Currency.Code))],
            plan.Strategy);
    }

    /// <summary>The stored recipient: the email for an email; the email or "post"/"phone" for letters and calls.</summary>
    public static string RecipientKey(DunningChannel channel, DunningRecipient r) => channel switch
    {
        DunningChannel.Email => r.Email!,
        DunningChannel.Letter => r.Email ?? "post",
        DunningChannel.CallTask => r.Email ?? "phone",
    };

    public static string ChannelText(DunningChannel channel) => channel switch
    {
        DunningChannel.Email => "email",
        DunningChannel.Letter => "letter",
        DunningChannel.CallTask => "phone call",
    };

    public static string Code(ExclusionReason reason) => reason switch
    {
        ExclusionReason.Disputed => "disputed",
        ExclusionReason.UnderPromise => "promised",
        ExclusionReason.PaymentPlan => "payment-plan",
        ExclusionReason.TinyBalance => "tiny-balance",
        ExclusionReason.BelowMinimum => "below-minimum",
        ExclusionReason.QuietPeriod => "quiet-period",
        ExclusionReason.RemindersHeld => "reminders-held", // replies (issue 14 §6)
        ExclusionReason.AlreadyReminded => "already-reminded",
        ExclusionReason.NoContact => "no-contact",
    };

    private static LeftOutItemDto LeftOut(ExcludedItem e) =>
        new(e.Item.Document, e.Item.DueOn, Amount.Of(e.Item.Open.Minor, e.Item.Open.Currency.Code), Code(e.Why.Reason), e.Why.Text);

    public static async Task<IResult> Endpoint(DateOnly? asOf, PreviewDunning use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(asOf, ct));
}
