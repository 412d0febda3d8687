namespace Credo.Domain.Credit;

/// <summary>
/// Which categories of exposure count against a limit (the setting <c>Credit:Exposure</c>): open receivables,
/// approved orders not yet shipped or invoiced, and shipped orders not yet invoiced. Every category is always kept
/// (and reconciled); this only decides which of them a headroom subtracts.
/// </summary>
public sealed record ExposureCategories(bool Receivables, bool Orders, bool ShippedNotInvoiced)
{
    public static ExposureCategories All { get; } = new(true, true, true);

    public bool CountsNothing => !Receivables && !Orders && !ShippedNotInvoiced;

    /// <summary>The categories by their stable names, counted ones only.</summary>
    public IReadOnlyList<string> Names =>
        [.. new[] { (Receivables, Exposure.ReceivablesName), (Orders, Exposure.OrdersName), (ShippedNotInvoiced, Exposure.ShippedName) }.Where(c => c.Item1).Select(c => c.Item2)];
}

/// <summary>
/// The exposure kept against one line, by category, in minor units of the line's currency, and the part of it that
/// counts (<see cref="UsedMinor"/>) under the configured <see cref="ExposureCategories"/>.
/// </summary>
public sealed record Exposure(long ReceivablesMinor, long OrdersMinor, long ShippedMinor, ExposureCategories Counted)
{
    public const string ReceivablesName = "receivables";
    public const string OrdersName = "orders";
    public const string ShippedName = "shipped-not-invoiced";

    /// <summary>The sum of the counted categories: what a headroom subtracts.</summary>
    public long UsedMinor => checked(
        (Counted.Receivables ? ReceivablesMinor : 0) + (Counted.Orders ? OrdersMinor : 0) + (Counted.ShippedNotInvoiced ? ShippedMinor : 0));
}
