using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>A change of one ledger item's open amount: new items have <see cref="OldOpenMinor"/> 0.</summary>
internal readonly record struct ReceivableChange(long CustomerId, string Currency, DateOnly PostedOn, long OldOpenMinor, long NewOpenMinor);

/// <summary>
/// Turns open-amount changes of ledger items into increments of the receivable cache of every credit line on each
/// customer's path: convert(new open) − convert(old open), each item converted at its own posting date, so the
/// cache telescopes to exactly what reconcile derives. Used by the receivables hook (one save) and by imports,
/// which bypass the change tracker and add the changes of every chunk, then apply the summed increments once,
/// before their commit. Customer paths and rates are read once per accumulator. A missing rate throws (the
/// ledger change fails closed rather than leaving the cache wrong). See docs/adr/0009-credit-exposure.md.
/// </summary>
internal sealed class ReceivableDeltas
{
    private readonly CreditDb _db;
    private readonly Dictionary<long, List<PathLine>> _paths = [];
    private readonly Dictionary<long, long> _byLine = [];
    private readonly HashSet<string> _rateCurrencies = new(StringComparer.Ordinal);
    private RateTable _rates = RateTable.Empty;

    private ReceivableDeltas(CreditDb db) => _db = db;

    /// <summary>
    /// Inside the ledger change's transaction: takes the line-set guard (so a line being created concurrently either
    /// sees this change or is seen by it) and returns null when there are no credit lines, hence nothing to keep.
    /// </summary>
    public static async Task<ReceivableDeltas?> Start(CreditDb db, CancellationToken ct)
    {
        await db.GuardLineSet(creatingLine: false, ct);
        return await db.CreditLines.AnyAsync(ct) ? new ReceivableDeltas(db) : null;
    }

    public async Task Add(IReadOnlyCollection<ReceivableChange> changes, CancellationToken ct)
    {
        foreach (var byCustomer in changes.Where(c => c.OldOpenMinor != c.NewOpenMinor).GroupBy(c => c.CustomerId))
        {
            var path = await Path(byCustomer.Key, ct);
            if (path.Count == 0)
            {
                continue;
            }

            await EnsureRates(path.Select(p => p.Line.Currency).Concat(byCustomer.Select(c => c.Currency)), ct);
            foreach (var p in path)
            {
                var target = Currency.Of(p.Line.Currency);
                var delta = 0L;
                foreach (var c in byCustomer)
                {
                    var source = Currency.Of(c.Currency);
                    var before = _rates.Convert(new Money(c.OldOpenMinor, source), target, c.PostedOn);
                    var after = _rates.Convert(new Money(c.NewOpenMinor, source), target, c.PostedOn);
                    if (!before.IsOk || !after.IsOk)
                    {
                        // Inside SaveChanges no value can be returned: the refusal travels as an exception, the
                        // transaction rolls back, and the host answers it as the refusal it is (409 no-exchange-rate).
                        throw new RefusalException(new Refusal(
                            "no-exchange-rate",
                            $"{(before.Error ?? after.Error)!.Message} {c.Currency} receivables cannot be counted against the {p.Line.Level.ToString().ToLowerInvariant()} credit line '{p.Key}' in {p.Line.Currency}: record the rate first.",
                            "currency"));
                    }

                    delta += after.Value.Minor - before.Value.Minor;
                }

                _byLine[p.Line.Id] = _byLine.GetValueOrDefault(p.Line.Id) + delta;
            }
        }
    }

    /// <summary>Atomic increments of every touched line, in ascending id order.</summary>
    public async Task Apply(CancellationToken ct)
    {
        await _db.AddReceivable(_byLine.Select(kv => (kv.Key, kv.Value)), ct);
        _byLine.Clear();
    }

    private async Task<List<PathLine>> Path(long customerId, CancellationToken ct)
    {
        if (!_paths.TryGetValue(customerId, out var path))
        {
            path = await _db.Customer(customerId, ct) is { } customer ? await _db.LinesFor(customer, ct) : [];
            _paths[customerId] = path;
        }

        return path;
    }

    private async Task EnsureRates(IEnumerable<string> currencies, CancellationToken ct)
    {
        var added = false;
        foreach (var code in currencies)
        {
            added |= _rateCurrencies.Add(code);
        }

        if (added)
        {
            _rates = await _db.Rates(_rateCurrencies, ct);
        }
    }
}
