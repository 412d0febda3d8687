namespace Credo.Web.Features.Ledger;

/// <summary>
/// When an open invoice is expected to be paid (issue 13 §5), as the invoice read and the open items show it:
/// <see cref="ProbabilityLate"/> from 0 to 1, the expected pay day with its P10–P90 interval, and where the figures come
/// from (<see cref="Source"/>: "model" or "baseline").
/// </summary>
internal sealed record PaymentOutlookDto(decimal ProbabilityLate, int ExpectedDaysLate, DateOnly ExpectedPayDate, DateOnly PayDateLow, DateOnly PayDateHigh, string Source);

/// <summary>
/// The ledger's port for predictions (issue 13 §5): the analytics slice implements it (it already reads the ledger, so the
/// ledger cannot use it directly without a cycle). Keyed by entry id: the customer's invoices open at the end of
/// <c>asOf</c> that have a prediction; the others are absent.
/// </summary>
internal interface IPaymentOutlooks
{
    Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForCustomer(long customerId, DateOnly asOf, CancellationToken ct);

    /// <summary>Every customer's invoices open at the end of <paramref name="asOf"/> that have a prediction (the open-items export).</summary>
    Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForAll(DateOnly asOf, CancellationToken ct);

    // collections (issue 14 §5): the worklist asks a few customers at a time and only when a question is cheap.
    /// <summary>Whether a trained model answers (each question reads only that customer's history); without one, each reads the whole portfolio.</summary>
    Task<bool> Trained(CancellationToken ct) => Task.FromResult(true);
}

/// <summary>What the ledger answers when no slice predicts: nothing (the reads leave the outlook out).</summary>
internal sealed class NoPaymentOutlooks : IPaymentOutlooks
{
    public Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForCustomer(long customerId, DateOnly asOf, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<long, PaymentOutlookDto>>(new Dictionary<long, PaymentOutlookDto>());

    public Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForAll(DateOnly asOf, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<long, PaymentOutlookDto>>(new Dictionary<long, PaymentOutlookDto>());
}
