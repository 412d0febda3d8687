using System.Globalization;
using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Evidence;

/// <summary>A period's figures in major units of one currency. Inventory, revenue and net income are optional.</summary>
internal sealed record FinancialStatementRequest(
    DateOnly? PeriodEnd,
    string? Currency,
    decimal? TotalAssets,
    decimal? TotalLiabilities,
    decimal? CurrentAssets,
    decimal? CurrentLiabilities,
    decimal? RetainedEarnings,
    decimal? Ebit,
    decimal? BookEquity,
    decimal? Inventory = null,
    decimal? Revenue = null,
    decimal? NetIncome = null);

/// <summary>A stored statement with its ratios and Altman Z'' (computed when read, from the stored figures).</summary>
internal sealed record FinancialStatementDto(
    long Id,
    DateOnly PeriodEnd,
    string Currency,
    string Source,
    string EnteredBy,
    DateTime EnteredAtUtc,
    IReadOnlyDictionary<string, decimal?> Figures,
    decimal AltmanZ,
    string Zone,
    decimal X1,
    decimal X2,
    decimal X3,
    decimal X4,
    decimal? CurrentRatio,
    decimal? QuickRatio,
    decimal? DebtToEquity,
    decimal? NetMargin)
{
    public static FinancialStatementDto? Of(FinancialStatement s)
    {
        var score = Domain.Creditworthiness.AltmanZ.Score(EnterFinancialStatement.Figures(s));
        if (!score.IsOk)
        {
            return null;
        }

        var z = score.Value!;
        decimal? Major(long? minor) => minor is { } m ? MoneyJson.Major(m, s.Currency) : null;
        var figures = new Dictionary<string, decimal?>
        {
            ["totalAssets"] = Major(s.TotalAssetsMinor),
            ["totalLiabilities"] = Major(s.TotalLiabilitiesMinor),
            ["currentAssets"] = Major(s.CurrentAssetsMinor),
            ["currentLiabilities"] = Major(s.CurrentLiabilitiesMinor),
            ["retainedEarnings"] = Major(s.RetainedEarningsMinor),
            ["ebit"] = Major(s.EbitMinor),
            ["bookEquity"] = Major(s.BookEquityMinor),
            ["inventory"] = Major(s.InventoryMinor),
            ["revenue"] = Major(s.RevenueMinor),
            ["netIncome"] = Major(s.NetIncomeMinor),
        };
        static decimal R(decimal d) => decimal.Round(d, 4);
        static decimal? Rn(decimal? d) => d is { } v ? decimal.Round(v, 4) : null;
        return new FinancialStatementDto(
            s.Id, s.PeriodEnd, s.Currency, s.Source.ToString(), s.EnteredBy, s.EnteredAtUtc, figures,
            R(z.Z), ZoneName(z.Zone), R(z.X1), R(z.X2), R(z.X3), R(z.X4),
            Rn(z.Ratios.CurrentRatio), Rn(z.Ratios.QuickRatio), Rn(z.Ratios.DebtToEquity), Rn(z.Ratios.NetMargin));
    }

    public static string ZoneName(AltmanZone zone) => zone switch
    {
        AltmanZone.Safe => "safe",
        AltmanZone.Grey => "grey",
        AltmanZone.Distress => "distress",
    };
}

/// <summary>
/// Financial statements entered as figures (JSON), or uploaded as a CSV or JSON file of the same figures, for an
/// application or a customer and a period. Every figure is checked, and the statement must score (AltmanZ refuses
/// non-positive total assets or liabilities), so everything stored yields a Z'' and a zone.
/// </summary>
internal sealed class EnterFinancialStatement(CreditDb db)
{
    public static readonly IReadOnlyList<string> FieldNames =
        ["periodEnd", "currency", "totalAssets", "totalLiabilities", "currentAssets", "currentLiabilities", "retainedEarnings", "ebit", "bookEquity", "inventory", "revenue", "netIncome"];

    public async Task<Result<FinancialStatementDto>> Handle(EvidenceTarget target, FinancialStatementRequest r, StatementSource source, CancellationToken ct)
    {
        var period = PeriodAndCurrency(target, r);
        if (!period.IsOk)
        {
            return period.Error!;
        }

        var (periodEnd, c) = period.Value;
        var minors = Minors(r, c);
        if (!minors.IsOk)
        {
            return minors.Error!;
        }

        var statement = Statement(target, periodEnd, c, minors.Value!, source);
        var score = AltmanZ.Score(Figures(statement));
        if (!score.IsOk)
        {
            return score.Error!;
        }

        db.FinancialStatements.Add(statement);
        await db.SaveChangesAsync(ct);
        return FinancialStatementDto.Of(statement)!;
    }

    /// <summary>The period's end (given, not in the future) and the currency (given, or the target's).</summary>
    private Result<(DateOnly PeriodEnd, Currency Currency)> PeriodAndCurrency(EvidenceTarget target, FinancialStatementRequest r)
    {
        if (r.PeriodEnd is not { } periodEnd)
        {
            return new ValidationFailed("periodEnd", "Say which period the figures close (yyyy-MM-dd).");
        }

        if (periodEnd > db.Today())
        {
            return new ValidationFailed("periodEnd", "The period cannot end in the future.");
        }

        var currency = MoneyJson.ParseCurrency(r.Currency ?? target.Currency.Code);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        return (periodEnd, currency.Value!);
    }

    /// <summary>Every figure in minor units of the currency by its field name: the seven Z'' needs are required, the rest optional (null).</summary>
    private static Result<Dictionary<string, long?>> Minors(FinancialStatementRequest r, Currency c)
    {
        var required = new (string Field, decimal? Value)[]
        {
            ("totalAssets", r.TotalAssets), ("totalLiabilities", r.TotalLiabilities), ("currentAssets", r.CurrentAssets),
            ("currentLiabilities", r.CurrentLiabilities), ("retainedEarnings", r.RetainedEarnings), ("ebit", r.Ebit), ("bookEquity", r.BookEquity),
        };
        if (required.FirstOrDefault(f => f.Value is null) is { Field: { } missing })
        {
            return new ValidationFailed(missing, $"{missing} is required.");
        }

        var minors = new Dictionary<string, long?>();
        foreach (var (field, value) in required.Concat([("inventory", r.Inventory), ("revenue", r.Revenue), ("netIncome", r.NetIncome)]))
        {
            if (value is null)
            {
                minors[field] = null;
                continue;
            }

            var money = Money.FromMajor(value.Value, c, field);
            if (!money.IsOk)
            {
                return money.Error!;
            }

            minors[field] = money.Value.Minor;
        }

        return minors;
    }

    /// <summary>The statement row: for an application, or for a customer when there is no application.</summary>
    private FinancialStatement Statement(EvidenceTarget target, DateOnly periodEnd, Currency c, Dictionary<string, long?> minors, StatementSource source) => new()
    {
        ApplicationId = target.ApplicationId,
        CustomerId = target.ApplicationId is null ? target.CustomerId : null,
        PeriodEnd = periodEnd,
        Currency = c.Code,
        TotalAssetsMinor = minors["totalAssets"]!.Value,
        TotalLiabilitiesMinor = minors["totalLiabilities"]!.Value,
        CurrentAssetsMinor = minors["currentAssets"]!.Value,
        CurrentLiabilitiesMinor = minors["currentLiabilities"]!.Value,
        RetainedEarningsMinor = minors["retainedEarnings"]!.Value,
        EbitMinor = minors["ebit"]!.Value,
        BookEquityMinor = minors["bookEquity"]!.Value,
        InventoryMinor = minors["inventory"],
        RevenueMinor = minors["revenue"],
        NetIncomeMinor = minors["netIncome"],
        Source = source,
        EnteredBy = db.Actor.Name,
        EnteredAtUtc = db.UtcNow,
    };

    /// <summary>Statements of the target (and, for an application of an existing customer, the customer's), newest period first.</summary>
    public async Task<IReadOnlyList<FinancialStatementDto>> List(EvidenceTarget target, CancellationToken ct)
    {
        var rows = await db.StatementsFor(target.ApplicationId, target.CustomerId).ToListAsync(ct);
        return [.. rows.Select(FinancialStatementDto.Of).OfType<FinancialStatementDto>()];
    }

    public static FinancialFigures Figures(FinancialStatement s)
    {
        var c = Currency.Of(s.Currency);
        Money M(long minor) => new(minor, c);
        Money? N(long? minor) => minor is { } m ? new Money(m, c) : null;
        return new FinancialFigures(M(s.TotalAssetsMinor), M(s.TotalLiabilitiesMinor), M(s.CurrentAssetsMinor), M(s.CurrentLiabilitiesMinor),
            M(s.RetainedEarningsMinor), M(s.EbitMinor), M(s.BookEquityMinor), N(s.InventoryMinor), N(s.RevenueMinor), N(s.NetIncomeMinor));
    }

    /// <summary>
    /// Reads an uploaded file of figures: JSON (the same object as the API takes) or CSV, either two columns
    /// "field,value" per line or a header row of field names and one row of values. Unknown fields are refused by name.
    /// </summary>
    public static Result<FinancialStatementRequest> Parse(string text, string? contentType)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (trimmed.StartsWith('{'))
        {
            return ParseJson(trimmed);
        }

        var pairs = Pairs(trimmed, contentType);
        if (!pairs.IsOk)
        {
            return pairs.Error!;
        }

        var numbers = Numbers(pairs.Value!);
        if (!numbers.IsOk)
        {
            return numbers.Error!;
        }

        var periodEnd = PeriodEnd(pairs.Value!);
        if (!periodEnd.IsOk)
        {
            return periodEnd.Error!;
        }

        var n = numbers.Value!;
        return new FinancialStatementRequest(
            periodEnd.Value, pairs.Value!.GetValueOrDefault("currency"), n["totalAssets"], n["totalLiabilities"], n["currentAssets"],
            n["currentLiabilities"], n["retainedEarnings"], n["ebit"], n["bookEquity"],
            n["inventory"], n["revenue"], n["netIncome"]);
    }

    /// <summary>A JSON file: the same object as the API takes.</summary>
    private static Result<FinancialStatementRequest> ParseJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<FinancialStatementRequest>(json, JsonSerializerOptions.Web) is { } parsed
                ? parsed
                : new ValidationFailed("file", "The JSON file is empty.");
        }
        catch (JsonException e)
        {
            return new ValidationFailed("file", $"The JSON file could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// A CSV file as field → text: a header row of field names and one row of values, or "field,value" per line
    /// (an optional "field" header line skipped). Unknown fields are refused by name.
    /// </summary>
    private static Result<Dictionary<string, string>> Pairs(string csv, string? contentType)
    {
        var lines = csv.Split('\n').Select(l => l.Trim().TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return new ValidationFailed("file", $"The file is empty (expected CSV or JSON, got {contentType ?? "no type"}).");
        }

        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var header = Cells(lines[0]);
        if (lines.Count == 2 && header.Count > 2)
        {
            var values = Cells(lines[1]);
            for (var i = 0; i < header.Count; i++)
            {
                pairs[header[i]] = i < values.Count ? values[i] : string.Empty;
            }
        }
        else
        {
            foreach (var line in lines)
            {
                var cells = Cells(line);
                if (cells.Count < 2)
                {
                    return new ValidationFailed("file", $"Expected \"field,value\" on each line; got \"{line}\".");
                }

                if (cells[0].Equals("field", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                pairs[cells[0]] = cells[1];
            }
        }

        if (pairs.Keys.FirstOrDefault(k => !FieldNames.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            return new ValidationFailed("file", $"Unknown field \"{unknown}\"; the fields are {string.Join(", ", FieldNames)}.");
        }

        return pairs;
    }

    /// <summary>The figures (every field after period end and currency), each empty or a number; the first that is not is refused by name.</summary>
    private static Result<Dictionary<string, decimal?>> Numbers(Dictionary<string, string> pairs)
    {
        var numbers = new Dictionary<string, decimal?>();
        foreach (var field in FieldNames.Skip(2))
        {
            if (!pairs.TryGetValue(field, out var raw) || raw.Length == 0)
            {
                numbers[field] = null;
            }
            else if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            {
                numbers[field] = d;
            }
            else
            {
                return new ValidationFailed(field, $"{field} is not a number (use a dot for decimals and no thousands separator other than a comma inside quotes).");
            }
        }

        return numbers;
    }

    private static Result<DateOnly?> PeriodEnd(Dictionary<string, string> pairs)
    {
        if (!pairs.TryGetValue("periodEnd", out var rawDate) || rawDate.Length == 0)
        {
            return Result<DateOnly?>.Ok(null);
        }

        return DateOnly.TryParseExact(rawDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? Result<DateOnly?>.Ok(d)
            : new ValidationFailed("periodEnd", "periodEnd is yyyy-MM-dd.");
    }

    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if ((ch == ',' || ch == ';') && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else if (!(ch == ',' && quoted))
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }

    public static async Task<IResult> PostEndpoint(string kind, string key, FinancialStatementRequest request, CreditDb db, EnterFinancialStatement enter, CancellationToken ct)
    {
        var target = await db.Resolve(kind, key, ct);
        if (!target.IsOk)
        {
            return target.Error!.ToProblem();
        }

        var result = await enter.Handle(target.Value!, request, StatementSource.Entered, ct);
        return result.IsOk ? TypedResults.Created($"/api/evidence/{kind}/{Uri.EscapeDataString(key)}/financial-statements", result.Value) : result.Error!.ToProblem();
    }

    /// <summary>The file is the request body (text/csv or application/json), at most 64 KiB.</summary>
    public static async Task<IResult> UploadEndpoint(string kind, string key, HttpRequest http, CreditDb db, EnterFinancialStatement enter, CancellationToken ct)
    {
        var target = await db.Resolve(kind, key, ct);
        if (!target.IsOk)
        {
            return target.Error!.ToProblem();
        }

        var text = await ReadCapped(http.Body, 64 * 1024, ct);
        if (text is null)
        {
            return Problems.Validation("file", "A figures file is at most 64 KiB.");
        }

        var parsed = Parse(text, http.ContentType);
        if (!parsed.IsOk)
        {
            return parsed.Error!.ToProblem();
        }

        var result = await enter.Handle(target.Value!, parsed.Value!, StatementSource.Uploaded, ct);
        return result.IsOk ? TypedResults.Created($"/api/evidence/{kind}/{Uri.EscapeDataString(key)}/financial-statements", result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> ListEndpoint(string kind, string key, CreditDb db, EnterFinancialStatement enter, CancellationToken ct)
    {
        var target = await db.Resolve(kind, key, ct);
        return target.IsOk ? TypedResults.Ok(await enter.List(target.Value!, ct)) : target.Error!.ToProblem();
    }

    public static async Task<string?> ReadCapped(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

internal static class StatementQueries
{
    /// <summary>Statements of an application and of its customer, newest period first (then newest entry).</summary>
    public static IQueryable<FinancialStatement> StatementsFor(this CreditDb db, long? applicationId, long? customerId) =>
        db.FinancialStatements.AsNoTracking()
            .Where(s => (applicationId != null && s.ApplicationId == applicationId) || (customerId != null && s.CustomerId == customerId))
            .OrderByDescending(s => s.PeriodEnd).ThenByDescending(s => s.Id);
}
