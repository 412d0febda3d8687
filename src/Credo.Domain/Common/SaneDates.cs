namespace Credo.Domain.Common;

/// <summary>
/// The window every business date must fall in: 1900-01-01 to 2199-12-31. A date outside it is a typing or
/// system error (0001-01-01 from an empty field, 9999-12-31 as "never"), and arithmetic on it (due dates, aging)
/// would overflow or mislead; it is refused by field where it comes in (JSON and CSV readers), never stored.
/// </summary>
public static class SaneDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    public static string Explain(DateOnly date) =>
        $"{date:yyyy-MM-dd} is outside the dates Credo accepts ({Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}).";

    public static ValidationFailed? Check(DateOnly? date, string field) =>
        date is { } d && !Contains(d) ? new ValidationFailed(field, Explain(d)) : null;
}
