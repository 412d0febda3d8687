using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// The analytics side of the ledger's <see cref="IPaymentOutlooks"/> port (issue 13 §5): a customer's open invoices with
/// the same predictions as <c>GET /api/analytics/predictions</c> (<see cref="GetPredictions.Predict"/>), so an invoice
/// read, the open items and the customer page say what the forecast counts on.
/// </summary>
internal sealed class InvoiceOutlooks(GetPredictions predictions, Credo.Web.Data.CreditDb db) : IPaymentOutlooks
{
    /// <summary>A model has been trained (collections, issue 14 §5: the worklist asks only then).</summary>
    public Task<bool> Trained(CancellationToken ct) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.PredictionModels, ct);

    public Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForCustomer(long customerId, DateOnly asOf, CancellationToken ct) => Of(customerId, asOf, ct);

    public Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForAll(DateOnly asOf, CancellationToken ct) => Of(null, asOf, ct);

    private async Task<IReadOnlyDictionary<long, PaymentOutlookDto>> Of(long? customerId, DateOnly asOf, CancellationToken ct)
    {
        var report = await predictions.Predict(asOf, customerId, ct);
        return report.Invoices.ToDictionary(p => p.InvoiceId, p => new PaymentOutlookDto(
            decimal.Round((decimal)p.ProbabilityLate, 4), (int)Math.Round(p.ExpectedDaysLate), p.ExpectedPayDate, p.PayDateLow, p.PayDateHigh,
            p.ProbabilitySource == "model" || p.DaysLateSource == "model" ? "model" : "baseline"));
    }
}
