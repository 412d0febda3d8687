using System.Text.RegularExpressions;

namespace Credo.Domain.Collections.Replies;

/// <summary>A date read in a reply, with the words it was read from.</summary>
public sealed record FoundDate(DateOnly On, string Quote, int At);

/// <summary>
/// Reads dates in a reply's folded text (lower case, no accents): ISO, day-first numbers (15.12.2026, 15/12/2026,
/// 15.12.), day and month name (15 December, 15. Dezember, 15 de diciembre), month name and day (December 15th), and
/// words (tomorrow, Friday, end of the month, next week) in five languages. A date without a year is the next one on
/// or after a month before the reply.
/// </summary>
public static class ReplyDates
{
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly Dictionary<string, DayOfWeek> Weekdays = BuildWeekdays();

    private static readonly string MonthAlt = string.Join('|', Months.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape));

    private static readonly Regex Iso = R(@"\b(\d{4})-(\d{2})-(\d{2})\b");

    private static readonly Regex Numeric = R(@"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2})(?![\d.,/]\d)|\.(?!\d))");

    private static readonly Regex DayMonth = R(@"\b(\d{1,2})(?:st|nd|rd|th|er|e|\.)?\s+(?:de\s+)?(" + MonthAlt + @")\b\.?(?:\s+(?:de\s+)?(\d{4}))?");

    private static readonly Regex MonthDay = R(@"\b(" + MonthAlt + @")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?");

    private static readonly Regex Tomorrow = R(@"\b(tomorrow|morgen|demain|manana)\b");

    private static readonly Regex MonthEnd = R(@"\b(end of (the |this )?month|month-end|monatsende|ende des monats|ende (des )?monats|fin (du|de) mois|einde van de maand|eind van de maand|eind deze maand|fin de mes|final de mes|finales de mes)\b");

    private static readonly Regex NextWeek = R(@"\b(next week|nachste woche|kommende woche|semaine prochaine|la semaine prochaine|volgende week|proxima semana|la semana que viene)\b");

    private static readonly Regex Weekday = R(@"\b(" + string.Join('|', Weekdays.Keys.Select(Regex.Escape)) + @")\b");

    public static IReadOnlyList<FoundDate> Find(string folded, DateOnly receivedOn)
    {
        var found = new List<FoundDate>();
        foreach (Match m in Iso.Matches(folded))
        {
            Add(found, m, Make(Int(m, 1), Int(m, 2), Int(m, 3)));
        }

        foreach (Match m in Numeric.Matches(folded))
        {
            Add(found, m, Numbers(m, receivedOn));
        }

        foreach (Match m in DayMonth.Matches(folded))
        {
            Add(found, m, Named(Int(m, 1), Months[m.Groups[2].Value], m.Groups[3], receivedOn));
        }

        foreach (Match m in MonthDay.Matches(folded))
        {
            Add(found, m, Named(Int(m, 2), Months[m.Groups[1].Value], m.Groups[3], receivedOn));
        }

        Words(folded, receivedOn, found);
        return found.OrderBy(d => d.At).ToList();
    }

    private static void Words(string folded, DateOnly receivedOn, List<FoundDate> found)
    {
        foreach (Match m in Tomorrow.Matches(folded))
        {
            Add(found, m, receivedOn.AddDays(1));
        }

        foreach (Match m in MonthEnd.Matches(folded))
        {
            Add(found, m, new DateOnly(receivedOn.Year, receivedOn.Month, DateTime.DaysInMonth(receivedOn.Year, receivedOn.Month)));
        }

        foreach (Match m in NextWeek.Matches(folded))
        {
            Add(found, m, receivedOn.AddDays(7));
        }

        foreach (Match m in Weekday.Matches(folded))
        {
            var day = Weekdays[m.Value];
            var ahead = ((int)day - (int)receivedOn.DayOfWeek + 7) % 7;
            Add(found, m, receivedOn.AddDays(ahead == 0 ? 7 : ahead));
        }
    }

    private static DateOnly? Numbers(Match m, DateOnly receivedOn)
    {
        int first = Int(m, 1), second = Int(m, 3);
        var year = m.Groups[4].Success ? Year(Int(m, 4)) : (int?)null;
        var dayFirst = year is { } y ? Make(y, second, first) : Infer(first, second, receivedOn);
        if (m.Groups[2].Value != "/")
        {
            return dayFirst;
        }

        // 12/15/2026 is American; 12/03/2026 could be either: the reading nearer the reply wins.
        var monthFirst = year is { } y2 ? Make(y2, first, second) : Infer(second, first, receivedOn);
        return (dayFirst, monthFirst) switch
        {
            ({ } d, { } mf) => Math.Abs(d.DayNumber - receivedOn.DayNumber) <= Math.Abs(mf.DayNumber - receivedOn.DayNumber) ? d : mf,
            ({ } d, null) => d,
            (null, var mf) => mf,
        };
    }

    private static DateOnly? Named(int day, int month, Group year, DateOnly receivedOn) =>
        year.Success ? Make(int.Parse(year.Value, System.Globalization.CultureInfo.InvariantCulture), month, day) : Infer(day, month, receivedOn);

    private static DateOnly? Infer(int day, int month, DateOnly receivedOn)
    {
        var date = Make(receivedOn.Year, month, day);
        return date is { } d && d < receivedOn.AddDays(-31) ? Make(receivedOn.Year + 1, month, day) : date;
    }

    private static int Year(int y) => y < 100 ? 2000 + y : y;

    private static DateOnly? Make(int year, int month, int day) =>
        year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static void Add(List<FoundDate> found, Match m, DateOnly? date)
    {
        if (date is { } d && !found.Any(f => m.Index < f.At + f.Quote.Length && f.At < m.Index + m.Length))
        {
            found.Add(new FoundDate(d, m.Value.Trim(), m.Index));
        }
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, Credo.Domain.Common.PatternGuard.Timeout);

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
            ["januar", "februar", "marz", "", "mai", "juni", "juli", "", "", "oktober", "", "dezember"],
            ["janvier", "fevrier", "mars", "avril", "", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
            ["januari", "februari", "maart", "", "mei", "", "", "augustus", "", "", "", ""],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["", "", "", "", "", "", "", "", "sept", "okt", "", "dez"],
        ];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in names)
        {
            for (var i = 0; i < 12; i++)
            {
                if (row[i].Length > 0)
                {
                    months.TryAdd(row[i], i + 1);
                }
            }
        }

        return months;
    }

    private static Dictionary<string, DayOfWeek> BuildWeekdays()
    {
        string[][] names =
        [
            ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
            ["sonntag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag"],
            ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
            ["domingo", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado"],
        ];
        var days = new Dictionary<string, DayOfWeek>(StringComparer.Ordinal);
        foreach (var row in names)
        {
            for (var i = 0; i < 7; i++)
            {
                days.TryAdd(row[i], (DayOfWeek)i);
            }
        }

        return days;
    }
}
