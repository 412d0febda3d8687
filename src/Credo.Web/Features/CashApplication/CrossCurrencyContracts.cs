using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Settings (section CashApplication:Exchange) for lines paying invoices in another currency: the tolerance for rate
/// differences in basis points of what is owed (100 = 1 %; a difference within it is posted as a realised exchange
/// difference, beyond it a person decides) and how old the last recorded rate may be on the value date.
/// </summary>
internal sealed class CashExchangeOptions
{
    public const string Section = "CashApplication:Exchange";

    public int ToleranceBasisPoints { get; set; } = ExchangeMatchSettings.Default.ToleranceBasisPoints;

    public int MaxRateAgeDays { get; set; } = ExchangeMatchSettings.Default.MaxRateAgeDays;

    public ExchangeMatchSettings ToSettings() => new(Math.Max(0, ToleranceBasisPoints), Math.Max(0, MaxRateAgeDays));
}

/// <summary>
/// The ledger, as a cross-currency line needs it beyond <see cref="ICashLedger"/>: the realised exchange difference
/// posted on an invoice as its own signed adjustment with a reason (the ledger's PostAdjustment), and reversed on undo
/// (ReverseEntry). Called inside the caller's transaction.
/// </summary>
internal interface ICashExchangeLedger
{
    Task<DomainError?> PostDifference(string invoiceNumber, Money adjustment, DateOnly on, string reference, string reason, CancellationToken ct);

    Task<DomainError?> ReverseDifference(string reference, string reason, CancellationToken ct);
}

/// <summary><see cref="ICashExchangeLedger"/> over the ledger's PostAdjustment and ReverseEntry (Features/CashApplication uses Features/Ledger).</summary>
internal sealed class LedgerExchangePosting(PostAdjustment adjust, ReverseEntry reverse) : ICashExchangeLedger
{
    public async Task<DomainError?> PostDifference(string invoiceNumber, Money adjustment, DateOnly on, string reference, string reason, CancellationToken ct)
    {
        var result = await adjust.Handle(new PostAdjustmentRequest(null, invoiceNumber, adjustment.Major, adjustment.Currency.Code, reason, on, null, reference), ct);
        return result.Error;
    }

    public async Task<DomainError?> ReverseDifference(string reference, string reason, CancellationToken ct)
    {
        var result = await reverse.Handle(new ReverseEntryRequest(reason) { Kind = EntryKind.Adjustment, Document = reference }, ct);
        return result.Error;
    }
}

/// <summary>What the matcher said about a line across currencies, and the conversion row to store with the decision.</summary>
internal sealed record CrossCurrencyDecided(BankLine Line, ExchangeDecision Decided);

/// <summary>What a cross-currency application adds to the line-applied event: the bank's amount, the rate and the exchange difference.</summary>
internal sealed record AppliedExchange(long PaidMinor, string PaidCurrency, decimal Rate, DateOnly RateEffectiveOn, long DifferenceMinor);

internal static class CrossCurrencyFeature
{
    public static IServiceCollection AddCashApplicationAcrossCurrencies(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<CashExchangeOptions>(config.GetSection(CashExchangeOptions.Section));
        return services.AddScoped<ICashExchangeLedger, LedgerExchangePosting>().AddScoped<ApplyCrossCurrencyLine>().AddScoped<CrossCurrencyLines>();
    }
}
