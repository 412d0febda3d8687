namespace Credo.Web.Features.Analytics;

/// <summary>
/// A customer's promises to pay in a window (issue 14 §3: promise history feeds payment behaviour): kept and broken are
/// those settled in the window, open those still waiting at its end. <see cref="PercentKept"/> is null when none was settled.
/// </summary>
internal sealed record PromiseRecord(int Kept, int Broken, int Open)
{
    public decimal? PercentKept => Kept + Broken == 0 ? null : decimal.Round(Kept * 100m / (Kept + Broken), 1);
}

/// <summary>
/// Payment behaviour's port for promise history: the collections slice implements it (it already uses this slice, so
/// analytics cannot read its promises directly without a cycle). Null when the customer never promised anything.
/// </summary>
internal interface IPromiseHistory
{
    Task<PromiseRecord?> For(long customerId, DateOnly from, DateOnly through, CancellationToken ct);
}

/// <summary>What payment behaviour shows when no slice keeps promises: nothing.</summary>
internal sealed class NoPromiseHistory : IPromiseHistory
{
    public Task<PromiseRecord?> For(long customerId, DateOnly from, DateOnly through, CancellationToken ct) => Task.FromResult<PromiseRecord?>(null);
}
