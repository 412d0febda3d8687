using Credo.Domain.Applications;
using Credo.Domain.Credit;
using Credo.Domain.Fraud;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>One account on probation and what the bust-out watch found.</summary>
internal sealed record ProbationAccount(string Customer, string Name, string ApplicationReference, DateOnly ApprovedOn, Amount? Limit, string Outcome, IReadOnlyList<string> Evidence);

/// <summary>
/// The bust-out probation watch: customers approved by an application within Evidence:Fraud:ProbationDays, their
/// invoices and payments since approval against their customer credit line (<see cref="BustOutWatch"/>): flags
/// accounts whose first orders rushed to Evidence:Fraud:BustOutShare of the limit. Movements in another currency than
/// the line's are not converted; such an account is reported as not checked.
/// </summary>
internal sealed class WatchBustOut(CreditDb db, IOptions<EvidenceOptions> options)
{
    public async Task<IReadOnlyList<ProbationAccount>> List(bool flaggedOnly, CancellationToken ct)
    {
        var o = options.Value.Fraud;
        var since = db.UtcNow.AddDays(-o.ProbationDays);
        var approved = await db.Applications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Approved && a.CustomerId != null && a.DecidedAtUtc >= since)
            .Join(db.Customers, a => a.CustomerId, c => c.Id, (a, c) => new { a.Reference, a.DecidedAtUtc, CustomerId = c.Id, c.Number, c.LegalName })
            .OrderBy(a => a.DecidedAtUtc)
            .ToListAsync(ct);
        var customerIds = approved.Select(a => a.CustomerId).Distinct().ToList();
        var lines = await db.CreditLines.AsNoTracking()
            .Where(l => l.Level == LimitLevel.Customer && customerIds.Contains(l.SubjectId))
            .ToDictionaryAsync(l => l.SubjectId, ct);
        var from = DateOnly.FromDateTime(since);
        var movements = await db.Entries.AsNoTracking()
            .Where(e => customerIds.Contains(e.CustomerId) && e.PostedOn >= from && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Payment))
            .Select(e => new { e.CustomerId, e.Kind, e.PostedOn, e.AmountMinor, e.Currency })
            .ToListAsync(ct);

        var accounts = new List<ProbationAccount>();
        foreach (var a in approved)
        {
            var approvedOn = DateOnly.FromDateTime(a.DecidedAtUtc!.Value);
            if (!lines.TryGetValue(a.CustomerId, out var line) || line.LimitMinor is not { } limitMinor)
            {
                accounts.Add(new ProbationAccount(a.Number, a.LegalName, a.Reference, approvedOn, null, SignalOutcome.NotApplicable.ToString(), ["No customer credit line with a limit."]));
                continue;
            }

            var currency = Currency.Of(line.Currency);
            var mine = movements.Where(m => m.CustomerId == a.CustomerId && m.Currency == line.Currency).ToList();
            var orders = mine.Where(m => m.Kind == EntryKind.Invoice).Select(m => new DatedAmount(m.PostedOn, new Money(m.AmountMinor, currency))).ToList();
            var payments = mine.Where(m => m.Kind == EntryKind.Payment).Select(m => new DatedAmount(m.PostedOn, new Money(Math.Abs(m.AmountMinor), currency))).ToList();
            var signal = BustOutWatch.Check(approvedOn, new Money(limitMinor, currency), orders, payments, o.ProbationDays, o.BustOutShare);
            var (outcome, evidence) = signal.IsOk
                ? (signal.Value!.Outcome.ToString(), signal.Value.Evidence)
                : (SignalOutcome.NotApplicable.ToString(), (IReadOnlyList<string>)[signal.Error!.Message]);
            accounts.Add(new ProbationAccount(a.Number, a.LegalName, a.Reference, approvedOn, Amount.Of(limitMinor, line.Currency), outcome, evidence));
        }

        return flaggedOnly ? [.. accounts.Where(x => x.Outcome == nameof(SignalOutcome.Raised))] : accounts;
    }

    public static async Task<IResult> Endpoint(WatchBustOut watch, CancellationToken ct, bool all = false) =>
        TypedResults.Ok(await watch.List(!all, ct));
}
