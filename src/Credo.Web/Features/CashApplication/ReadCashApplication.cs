using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>The read side: bank accounts, statements with their figures, lines with their decision and evidence.</summary>
internal sealed class ReadCashApplication(CreditDb db)
{
    public async Task<List<BankAccountDto>> Accounts(CancellationToken ct) =>
        await db.SellerBankAccounts.AsNoTracking().OrderBy(a => a.Account).Select(a => new BankAccountDto(a.Id, a.Account, a.Currency, a.Name)).ToListAsync(ct);

    /// <summary>The saved CSV layouts of the seller's banks (import mappings of kind bank-lines), by name.</summary>
    public async Task<List<string>> CsvLayouts(CancellationToken ct) =>
        await db.ImportMappings.AsNoTracking().Where(m => m.Kind == ImportKind.BankLines).OrderBy(m => m.Name).Select(m => m.Name).ToListAsync(ct);

    public async Task<List<StatementDto>> Statements(int take, CancellationToken ct)
    {
        var rows = await db.BankStatements.AsNoTracking().OrderByDescending(s => s.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return await Describe(rows, ct);
    }

    public async Task<StatementDto?> Statement(long id, CancellationToken ct)
    {
        var rows = await db.BankStatements.AsNoTracking().Where(s => s.Id == id).ToListAsync(ct);
        return (await Describe(rows, ct)).FirstOrDefault();
    }

    /// <param name="status">applied, suggested or unmatched; null for every line.</param>
    public async Task<List<BankLineDto>> Lines(long statementId, string? status, CancellationToken ct)
    {
        var lines = await db.BankLines.AsNoTracking().Where(l => l.StatementId == statementId).OrderBy(l => l.LineNo).ToListAsync(ct);
        var all = await Describe(lines, ct);
        return status is null ? all : [.. all.Where(l => string.Equals(l.Status, status, StringComparison.OrdinalIgnoreCase))];
    }

    public async Task<BankLineDto?> Line(long id, CancellationToken ct)
    {
        var lines = await db.BankLines.AsNoTracking().Where(l => l.Id == id).ToListAsync(ct);
        return (await Describe(lines, ct)).FirstOrDefault();
    }

    private async Task<List<StatementDto>> Describe(List<BankStatementRecord> rows, CancellationToken ct)
    {
        var ids = rows.Select(s => s.Id).ToList();
        var accountIds = rows.Select(s => s.BankAccountId).Distinct().ToList();
        var accounts = await db.SellerBankAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Account, ct);
        var lines = await db.BankLines.AsNoTracking().Where(l => ids.Contains(l.StatementId)).Select(l => new { l.Id, l.StatementId }).ToListAsync(ct);
        var lineIds = lines.Select(l => l.Id).ToList();
        var latest = await db.LatestOf(lineIds, ct);
        // The figures per statement: applied by the engine at first sight (and not undone since), suggestions a person confirmed.
        var history = await db.BankLineDecisions.AsNoTracking().Where(d => lineIds.Contains(d.LineId) && (d.Sequence == 1 || d.Action == "confirmed"))
            .Select(d => new { d.LineId, d.Sequence, d.Action }).ToListAsync(ct);
        var byEngine = history.Where(d => d.Sequence == 1 && d.Action == "matched" && latest.TryGetValue(d.LineId, out var now) && now.Status == BankLineStatus.Applied)
            .Select(d => d.LineId).ToHashSet();
        var accepted = history.Where(d => d.Action == "confirmed").Select(d => d.LineId).ToHashSet();
        return [.. rows.Select(s =>
        {
            var currency = Currency.Of(s.Currency);
            var mine = lines.Where(l => l.StatementId == s.Id).Select(l => l.Id).ToList();
            var statuses = mine.Select(id => latest.TryGetValue(id, out var d) ? d.Status : (BankLineStatus?)null).ToList();
            return new StatementDto(
                s.Id, accounts.GetValueOrDefault(s.BankAccountId, ""), s.Format, s.StatementId, s.Sequence, s.StatementDate, s.Currency,
                Major(s.OpeningMinor, currency), Major(s.ClosingMinor, currency), Major(s.BalanceDifferenceMinor, currency), s.BalanceChecked, s.LineCount,
                statuses.Count(x => x == BankLineStatus.Applied), statuses.Count(x => x == BankLineStatus.Suggested), statuses.Count(x => x == BankLineStatus.Unmatched),
                s.ImportedAtUtc, s.ImportedBy, mine.Count(byEngine.Contains), mine.Count(accepted.Contains));
        })];
    }

    private async Task<List<BankLineDto>> Describe(List<BankLine> lines, CancellationToken ct)
    {
        var latest = await db.LatestOf([.. lines.Select(l => l.Id)], ct);
        var customerIds = latest.Values.Select(d => d.CustomerId).OfType<long>().Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var conversions = await CrossCurrencyWords.Conversions(db, latest.Values, ct); // cashfx
        return [.. lines.Select(l =>
        {
            var decision = latest.GetValueOrDefault(l.Id);
            var conversion = decision is null ? null : conversions.GetValueOrDefault(decision.Id);
            var currency = Currency.Of(conversion?.Currency ?? l.Currency);
            var (allocations, onAccount) = LineDecisions.ReadAllocations(decision?.Allocations);
            return new BankLineDto(
                l.Id, l.StatementId, l.LineNo, l.BookedOn, new Credo.Domain.Amounts.Money(l.AmountMinor, Currency.Of(l.Currency)).Major, l.Currency, l.CounterpartyName, l.CounterpartyAccount,
                l.Remittance, l.BankReference, l.EndToEndId, StatusOf(l, decision), decision?.Action,
                decision?.CustomerId is { } c ? customers.GetValueOrDefault(c) : null, decision?.Score ?? 0,
                [.. allocations.Select(a => new AllocationDto(a.Invoice, new Credo.Domain.Amounts.Money(a.Minor, currency).Major))],
                new Credo.Domain.Amounts.Money(onAccount, currency).Major,
                decision?.Evidence.Split('\n') ?? [], decision?.PaymentReference, conversion?.Currency, conversion is null ? null : ApplyCrossCurrencyLine.Words(conversion));
        })];
    }

    /// <summary>applied, suggested, unmatched; money paid out and pending entries are "not a payment".</summary>
    private static string StatusOf(BankLine line, BankLineDecision? decision) => decision?.Status switch
    {
        BankLineStatus.Applied => "applied",
        BankLineStatus.Suggested => "suggested",
        BankLineStatus.Unmatched => "unmatched",
        null => line.AmountMinor > 0 && line.Booked ? "unmatched" : "not a payment",
    };

    private static decimal? Major(long? minor, Currency currency) => minor is { } m ? new Credo.Domain.Amounts.Money(m, currency).Major : null;
}
