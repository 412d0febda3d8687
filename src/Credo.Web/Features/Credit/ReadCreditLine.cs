using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>The node a line belongs to, resolved from the URL.</summary>
internal sealed record LineSubject(LimitLevel Level, long SubjectId, string Key);

/// <summary>One change of a line; the old limit is in <c>oldCurrency</c> (which differs from <c>currency</c> when the change moved the line to another currency).</summary>
internal sealed record LineChangeDto(DateTime AtUtc, string By, string Reason, decimal? OldLimit, decimal? NewLimit, decimal? TemporaryIncrease, DateOnly? TemporaryIncreaseExpiresOn, DateOnly? ReviewOn, DateOnly? ExpiresOn)
{
    public string Currency { get; init; } = string.Empty;

    public string OldCurrency { get; init; } = string.Empty;
}

internal sealed record CreditLineDto(
    string Level,
    string Key,
    string Currency,
    decimal? Limit,
    decimal? TemporaryIncrease,
    DateOnly? TemporaryIncreaseExpiresOn,
    decimal? EffectiveLimit,
    DateOnly? ReviewOn,
    DateOnly? ExpiresOn,
    decimal Reserved,
    decimal Receivables,
    decimal? Headroom,
    IReadOnlyList<LineChangeDto> History)
{
    /// <summary>Every category's amount and which of them the headroom subtracts.</summary>
    public ExposureDto? Exposure { get; init; }
}

/// <summary>Reads a credit line at any level with its usage and history; resolves a level and key to the line's subject.</summary>
internal sealed class ReadCreditLine(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    public async Task<Result<LineSubject>> Resolve(string level, string key, CancellationToken ct)
    {
        switch (level.ToLowerInvariant())
        {
            case "customer":
                return await db.CustomerId(key, ct) is { } c ? new LineSubject(LimitLevel.Customer, c, key) : new NotFound("Customer", key);
            case "group":
                return await db.Groups.Where(g => g.Code == key).Select(g => (long?)g.Id).SingleOrDefaultAsync(ct) is { } g
                    ? new LineSubject(LimitLevel.Group, g, key)
                    : new NotFound("Group", key);
            case "segment":
                var parts = key.Split(':', 2);
                if (parts.Length != 2)
                {
                    return new ValidationFailed("key", "A segment is named dimension:code, e.g. region:west.");
                }

                var dimension = parts[0].ToLowerInvariant();
                return await db.Segments.Where(x => x.Dimension == dimension && x.Code == parts[1]).Select(x => (long?)x.Id).SingleOrDefaultAsync(ct) is { } sid
                    ? new LineSubject(LimitLevel.Segment, sid, $"{dimension}:{parts[1]}")
                    : new NotFound("Segment", key);
            case "portfolio":
                return new LineSubject(LimitLevel.Portfolio, 0, CreditPaths.PortfolioKey);
            default:
                return new ValidationFailed("level", "The level is customer, group, segment or portfolio.");
        }
    }

    public async Task<CreditLineDto?> Read(LineSubject s, CancellationToken ct)
    {
        var line = await db.CreditLines.AsNoTracking().SingleOrDefaultAsync(l => l.Level == s.Level && l.SubjectId == s.SubjectId, ct);
        if (line is null)
        {
            return null;
        }

        var history = await db.CreditLineChanges.AsNoTracking().Where(c => c.LineId == line.Id).OrderByDescending(c => c.Id).ToListAsync(ct);
        var limit = line.ToLimit();
        var effective = limit.EffectiveMinor(db.Today());
        var exposure = line.Exposure(options.Value.Counted);
        decimal? Major(long? m) => m is { } v ? MoneyJson.Major(v, line.Currency) : null;
        static decimal? In(long? m, string currency) => m is { } v ? MoneyJson.Major(v, currency) : null;
        return new CreditLineDto(
            s.Level.Slug(),
            s.Key,
            line.Currency,
            Major(line.LimitMinor),
            Major(line.TempIncreaseMinor),
            line.TempIncreaseExpiresOn,
            Major(effective),
            line.ReviewOn,
            line.ExpiresOn,
            MoneyJson.Major(line.ReservedMinor, line.Currency),
            MoneyJson.Major(line.ReceivableMinor, line.Currency),
            Major(effective - exposure.UsedMinor),
            [.. history.Select(c => new LineChangeDto(
                c.AtUtc, c.By, c.Reason, In(c.OldLimitMinor, c.OldCurrency ?? c.Currency), In(c.NewLimitMinor, c.Currency), In(c.TempIncreaseMinor, c.Currency), c.TempIncreaseExpiresOn, c.ReviewOn, c.ExpiresOn)
            {
                Currency = c.Currency,
                OldCurrency = c.OldCurrency ?? c.Currency,
            })])
        {
            Exposure = ExposureDto.From(exposure, line.Currency),
        };
    }

    public static async Task<IResult> Endpoint(string level, string key, ReadCreditLine read, CancellationToken ct)
    {
        var subject = await read.Resolve(level, key, ct);
        if (!subject.IsOk)
        {
            return subject.Error!.ToProblem();
        }

        return await read.Read(subject.Value!, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound("Credit line", $"{level}/{key}");
    }
}
