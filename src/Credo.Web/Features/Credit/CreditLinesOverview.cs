using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>A line's usage today, for overviews: effective limit (null: no ceiling), used (reserved and receivables) and headroom.</summary>
internal sealed record LineUsageDto(string Level, string Key, string Name, string Currency, decimal? Limit, decimal Used, decimal? Headroom, DateOnly? ReviewOn)
{
    /// <summary>Every category's amount and which of them count in <see cref="Used"/>.</summary>
    public ExposureDto? Exposure { get; init; }
}

/// <summary>The credit lines page's table: every line above the customers with its usage today.</summary>
internal sealed class CreditLinesOverview(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    /// <summary>The portfolio, segment and group lines with their usage today (customer lines are shown on the customer).</summary>
    public async Task<IReadOnlyList<LineUsageDto>> Overview(CancellationToken ct)
    {
        var lines = await db.CreditLines.AsNoTracking().Where(l => l.Level != LimitLevel.Customer).ToListAsync(ct);
        var segmentIds = lines.Where(l => l.Level == LimitLevel.Segment).Select(l => l.SubjectId).ToList();
        var groupIds = lines.Where(l => l.Level == LimitLevel.Group).Select(l => l.SubjectId).ToList();
        var segments = await db.Segments.AsNoTracking().Where(x => segmentIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var groups = await db.Groups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).Select(g => new { g.Id, g.Code, g.Name }).ToDictionaryAsync(g => g.Id, ct);
        var asOf = db.Today();
        var usage = new List<LineUsageDto>();
        foreach (var line in lines)
        {
            (string Key, string Name)? subject = line.Level switch
            {
                LimitLevel.Portfolio => (CreditPaths.PortfolioKey, "Portfolio"),
                LimitLevel.Segment => segments.TryGetValue(line.SubjectId, out var x) ? ($"{x.Dimension}:{x.Code}", $"{x.Dimension}: {x.Name}") : null,
                LimitLevel.Group => groups.TryGetValue(line.SubjectId, out var g) ? (g.Code, g.Name) : null,
                LimitLevel.Customer => null,
            };
            if (subject is not { } s)
            {
                continue;
            }

            var exposure = line.Exposure(options.Value.Counted);
            var node = PathNode.Of(line.Level, s.Key, line.Currency, line.ToLimit(), exposure, 0);
            decimal? Major(long? m) => m is { } v ? MoneyJson.Major(v, line.Currency) : null;
            usage.Add(new LineUsageDto(line.Level.Slug(), s.Key, s.Name, line.Currency, Major(node.Limit.EffectiveMinor(asOf)), MoneyJson.Major(node.UsedMinor, line.Currency), Major(node.HeadroomMinor(asOf)), line.ReviewOn)
            {
                Exposure = ExposureDto.From(exposure, line.Currency),
            });
        }

        return usage;
    }
}
