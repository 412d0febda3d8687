using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Changes an active reservation's amount. A decrease always passes; an increase is checked like a new order
/// for the difference, under the lines' locks. A held increase leaves the reservation as it was.
/// </summary>
internal sealed class AmendReservation(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    public async Task<Result<CreditCheckAnswer>> Handle(string orderReference, decimal? newAmount, CancellationToken ct)
    {
        var lineIds = await MoveReservation.LineIds(db, orderReference, ct);
        if (lineIds is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        await using var tx = await OwnedTransaction.Begin(db, ct);
        await db.LockLines(lineIds, ct);
        var reservation = await db.CreditReservations.Include(r => r.Lines).SingleAsync(r => r.OrderReference == orderReference, ct);
        if (ReservationLifecycle.Next(reservation.State, ReservationAction.Amend) is null)
        {
            return new Refusal("reservation-not-open", $"Order '{orderReference}' is {reservation.State.Slug()}; only an active reservation can be amended.", "orderReference");
        }

        var currency = Currency.Of(reservation.Currency);
        var amount = MoneyJson.Positive(newAmount, currency);
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        var customer = (await db.Customer(reservation.CustomerId, ct))!;
        var asOf = db.Today();
        var fresh = await db.Reread(lineIds, ct);
        var rates = await db.Rates(fresh.Values.Select(l => l.Currency).Append(currency.Code), ct);
        var path = (await db.LinesFor(customer, ct)).Where(p => fresh.ContainsKey(p.Line.Id)).ToList();
        var (full, requested, unconvertible) = CheckCredit.Nodes(path, fresh, amount.Value, rates, asOf, options.Value.Counted);
        if (unconvertible.Count > 0)
        {
            return new Refusal(HoldReason.NoExchangeRate, unconvertible[0].Message);
        }

        var held = reservation.Lines.ToDictionary(l => l.LineId, l => l.AmountMinor);
        var deltas = requested.Select(r => (r.LineId, Delta: r.AmountMinor - held.GetValueOrDefault(r.LineId))).ToList();
        var increase = new Money(Math.Max(0, amount.Value.Minor - reservation.AmountMinor), currency);
        var nodes = full.Select((n, i) => n with { RequestedMinor = Math.Max(0, deltas[i].Delta) }).ToList();
        var rules = await db.CreditBlockRules.AsNoTracking().Where(r => r.Enabled).Select(r => r.ToRule()).ToListAsync(ct);
        var decision = CreditCheck.Decide(new CheckFacts(asOf, increase, customer.Status, nodes, [], rules.Where(r => r.Kind != BlockRuleKind.Overdue).ToList(), rates));
        if (increase.IsPositive && !decision.IsApproved)
        {
            return CreditCheckAnswer.From(orderReference, customer.Number, decision, reservation.Id, reservation.State);
        }

        reservation.AmountMinor = amount.Value.Minor;
        reservation.UpdatedAtUtc = db.UtcNow;
        foreach (var (lineId, delta) in deltas)
        {
            var row = reservation.Lines.SingleOrDefault(l => l.LineId == lineId);
            if (row is null)
            {
                reservation.Lines.Add(new CreditReservationLine { LineId = lineId, AmountMinor = delta });
            }
            else
            {
                row.AmountMinor += delta;
            }
        }

        await db.AddReserved(deltas, ct);
        db.Publish(new OrderAmended(orderReference));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var answer = CreditCheckAnswer.From(orderReference, customer.Number, decision with { Amount = amount.Value }, reservation.Id, reservation.State);
        return answer;
    }

    public static async Task<IResult> Endpoint(string orderReference, AmendRequest request, AmendReservation amend, CancellationToken ct) =>
        MoveReservation.ToHttp(await amend.Handle(orderReference, request.Amount, ct));
}
