using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Money;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Set a limit (null: no ceiling at this level), its temporary increase, review and expiry dates. A reason is
/// required. A line keeps its currency unless <paramref name="ChangeCurrency"/> says to move it to
/// <paramref name="Currency"/> (with the limit in that currency), so a limit in the wrong currency is never taken as a move.
/// </summary>
internal sealed record CreditLineRequest(
    decimal? Limit,
    string? Currency,
    decimal? TemporaryIncrease,
    DateOnly? TemporaryIncreaseExpiresOn,
    DateOnly? ReviewOn,
    DateOnly? ExpiresOn,
    string? Reason,
    bool? ChangeCurrency = null);

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

/// <summary>A line's usage today, for overviews: effective limit (null: no ceiling), used (reserved and receivables) and headroom.</summary>
internal sealed record LineUsageDto(string Level, string Key, string Name, string Currency, decimal? Limit, decimal Used, decimal? Headroom, DateOnly? ReviewOn)
{
    /// <summary>Every category's amount and which of them count in <see cref="Used"/>.</summary>
    public ExposureDto? Exposure { get; init; }
}

/// <summary>The node a line belongs to, resolved from the URL.</summary>
internal sealed record LineSubject(LimitLevel Level, long SubjectId, string Key);

/// <summary>
/// A line change in typed form, as the HTTP adapter reads it and as application approval grants it: the subject,
/// the line's currency, the limit (null: no ceiling at this level) and temporary increase as <see cref="Money"/> in
/// that currency, the dates, the reason, and whether to move an existing line to <paramref name="Currency"/>.
/// </summary>
internal sealed record LineChange(
    LineSubject Subject,
    Currency Currency,
    Money? Limit,
    Money? TemporaryIncrease,
    DateOnly? TemporaryIncreaseExpiresOn,
    DateOnly? ReviewOn,
    DateOnly? ExpiresOn,
    string Reason,
    bool ChangeCurrency = false);

/// <summary>Sets and reads credit lines at every level, with their history.</summary>
internal sealed class SetCreditLine(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    /// <summary>The HTTP adapter's core call: the subject from the URL, the body read into a <see cref="LineChange"/>.</summary>
    public async Task<Result<CreditLineDto>> Handle(string level, string key, CreditLineRequest r, CancellationToken ct)
    {
        var subject = await Resolve(level, key, ct);
        if (!subject.IsOk)
        {
            return subject.Error!;
        }

        var change = Read(subject.Value!, r);
        return change.IsOk ? await Apply(change.Value!, ct) : change.Error!;
    }

    /// <summary>Reads a request body in the line's currency: amounts in major units become <see cref="Money"/>, each refusal naming its field.</summary>
    private static Result<LineChange> Read(LineSubject subject, CreditLineRequest r)
    {
        var currency = MoneyJson.ParseCurrency(r.Currency);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        if (string.IsNullOrWhiteSpace(r.Reason))
        {
            return new ValidationFailed("reason", "Say why the limit changes.");
        }

        if (r.Reason.Trim().Length > RecordExchangeRates.MaxReasonLength)
        {
            return new ValidationFailed("reason", $"The reason is at most {RecordExchangeRates.MaxReasonLength} characters.");
        }

        Money? limit = null;
        if (r.Limit is { } major)
        {
            if (major < 0)
            {
                return new ValidationFailed("limit", "A limit is zero or more (null for no ceiling at this level).");
            }

            var parsed = Money.FromMajor(major, currency.Value, "limit");
            if (!parsed.IsOk)
            {
                return parsed.Error!;
            }

            limit = parsed.Value;
        }

        Money? increase = null;
        if (r.TemporaryIncrease is { } increaseMajor && increaseMajor != 0)
        {
            var parsed = MoneyJson.Positive(increaseMajor, currency.Value, "temporaryIncrease");
            if (!parsed.IsOk)
            {
                return parsed.Error!;
            }

            increase = parsed.Value;
        }

        return new LineChange(subject, currency.Value, limit, increase, r.TemporaryIncreaseExpiresOn, r.ReviewOn, r.ExpiresOn, r.Reason, r.ChangeCurrency == true);
    }

    /// <summary>The checks every change passes, whoever makes it.</summary>
    private static DomainError? Check(LineChange c, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            return new ValidationFailed("reason", "Say why the limit changes.");
        }

        if (c.Limit is { } limit && (limit.Currency != c.Currency || limit.IsNegative))
        {
            return new ValidationFailed("limit", $"A limit is zero or more, in {c.Currency.Code} (null for no ceiling at this level).");
        }

        if (c.TemporaryIncrease is not { } increase)
        {
            return null;
        }

        if (increase.Currency != c.Currency || !increase.IsPositive)
        {
            return new ValidationFailed("temporaryIncrease", $"A temporary increase is more than zero, in {c.Currency.Code}.");
        }

        if (c.TemporaryIncreaseExpiresOn is null)
        {
            return new ValidationFailed("temporaryIncreaseExpiresOn", "A temporary increase needs an expiry date.");
        }

        if (c.Limit is null)
        {
            return new ValidationFailed("temporaryIncrease", "A temporary increase needs a base limit.");
        }

        return c.TemporaryIncreaseExpiresOn < today
            ? new ValidationFailed("temporaryIncreaseExpiresOn", $"The increase would already have ended on {c.TemporaryIncreaseExpiresOn:yyyy-MM-dd}; give an expiry from today ({today:yyyy-MM-dd}) on.")
            : null;
    }

    /// <summary>
    /// Sets a line from a typed change: the HTTP adapter and application approval both call this. Creates the line
    /// (with the exposure already below it) or changes it, records the change and its reason, in one transaction.
    /// </summary>
    public async Task<Result<CreditLineDto>> Apply(LineChange change, CancellationToken ct)
    {
        if (Check(change, db.Today()) is { } refused)
        {
            return refused;
        }

        var s = change.Subject;
        var currency = change.Currency;
        long? limitMinor = change.Limit?.Minor;
        long? increaseMinor = change.TemporaryIncrease?.Minor;
        await using var tx = await OwnedTransaction.Begin(db, ct);
        await db.GuardLineSet(creatingLine: true, ct);
        var existingId = await db.CreditLines.Where(l => l.Level == s.Level && l.SubjectId == s.SubjectId).Select(l => (long?)l.Id).SingleOrDefaultAsync(ct);
        if (existingId is { } id)
        {
            await db.LockLines([id], ct);
        }

        var line = existingId is null ? null : await db.CreditLines.SingleAsync(l => l.Id == existingId, ct);
        var now = db.UtcNow;
        var isNew = line is null;
        if (line is null)
        {
            line = new CreditLine { Level = s.Level, SubjectId = s.SubjectId, Currency = currency.Code, UpdatedBy = db.Actor.Name };
            db.CreditLines.Add(line);
        }
        string? oldCurrency = null;
        if (!isNew && line.Currency != currency.Code)
        {
            if (!change.ChangeCurrency)
            {
                return new Refusal("line-currency-fixed", $"This line is kept in {line.Currency}. To move it to {currency.Code}, send changeCurrency: true with the limit in {currency.Code}.", "currency");
            }

            if (limitMinor is null)
            {
                return new ValidationFailed("limit", $"Moving the line to {currency.Code} needs the limit in {currency.Code}.");
            }

            // The exposure is derived again in the new currency below, in this transaction.
            oldCurrency = line.Currency;
            line.Currency = currency.Code;
        }

        var oldLimit = line.LimitMinor;
        line.LimitMinor = limitMinor;
        line.TempIncreaseMinor = increaseMinor;
        line.TempIncreaseExpiresOn = increaseMinor is null ? null : change.TemporaryIncreaseExpiresOn;
        line.ReviewOn = change.ReviewOn;
        line.ExpiresOn = change.ExpiresOn;
        line.UpdatedAtUtc = now;
        line.UpdatedBy = db.Actor.Name;
        await db.SaveChangesAsync(ct);

        if (isNew || oldCurrency is not null)
        {
            var initialised = isNew ? await Initialise(line, ct) : await Rederive(line, ct);
            if (initialised.Error is { } error)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return error;
            }
        }

        db.CreditLineChanges.Add(new CreditLineChange
        {
            LineId = line.Id,
            AtUtc = now,
            By = db.Actor.Name,
            Reason = change.Reason.Trim(),
            Currency = line.Currency,
            OldCurrency = oldCurrency,
            OldLimitMinor = oldLimit,
            NewLimitMinor = line.LimitMinor,
            TempIncreaseMinor = line.TempIncreaseMinor,
            TempIncreaseExpiresOn = line.TempIncreaseExpiresOn,
            ReviewOn = line.ReviewOn,
            ExpiresOn = line.ExpiresOn,
        });
        db.Publish(new LimitChanged(s.Level.Slug(), s.Key, line.LimitMinor, line.Currency));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await Read(s, ct) ?? throw new InvalidOperationException("Line vanished.");
    }

    /// <summary>
    /// A new line starts with the exposure already below it: the open items of its customers, and a share of each of
    /// their active reservations (converted on the day the order was checked), recorded so it is released exactly.
    /// </summary>
    private async Task<Result<bool>> Initialise(CreditLine line, CancellationToken ct)
    {
        var customers = await db.CustomersBelow(line, ct);
        var receivables = await db.Receivables(line, customers, ct);
        if (!receivables.IsOk)
        {
            return receivables.Error!;
        }

        var active = db.CreditReservations.Where(r => CreditPaths.Counted.Contains(r.State));
        if (customers is not null)
        {
            active = active.Where(r => customers.Contains(r.CustomerId));
        }

        var reservations = await active.Select(r => new { r.Id, r.State, r.AmountMinor, r.Currency, r.CheckedOn }).ToListAsync(ct);
        var rates = await db.Rates(reservations.Select(r => r.Currency).Append(line.Currency), ct);
        long reserved = 0;
        long shipped = 0;
        foreach (var r in reservations)
        {
            var converted = rates.Convert(new Money(r.AmountMinor, Currency.Of(r.Currency)), Currency.Of(line.Currency), r.CheckedOn);
            if (!converted.IsOk)
            {
                return converted.Error!;
            }

            db.CreditReservationLines.Add(new CreditReservationLine { ReservationId = r.Id, LineId = line.Id, AmountMinor = converted.Value.Minor });
            if (r.State == ReservationState.Shipped)
            {
                shipped += converted.Value.Minor;
            }
            else
            {
                reserved += converted.Value.Minor;
            }
        }

        await db.SaveChangesAsync(ct);
        await db.AddReserved([(line.Id, reserved)], ct);
        await db.AddShipped([(line.Id, shipped)], ct);
        await db.AddReceivable([(line.Id, receivables.Value)], ct);
        return true;
    }

    /// <summary>
    /// A line moved to another currency: its exposure is derived again in the new one, as reconcile derives it (open
    /// items below the node each converted at its posting date; each counted reservation's share converted at the
    /// day it was checked, and the share rewritten so it is released exactly). The caller holds the line-set guard
    /// (SHARE ROW EXCLUSIVE on PostgreSQL, the write lock on SQLite), so no exposure moves meanwhile and the cache
    /// can be set. A missing rate refuses the change; the caller rolls everything back.
    /// </summary>
    private async Task<Result<bool>> Rederive(CreditLine line, CancellationToken ct)
    {
        var customers = await db.CustomersBelow(line, ct);
        var receivables = await db.Receivables(line, customers, ct);
        if (!receivables.IsOk)
        {
            return new ValidationFailed("currency", $"The line's receivables cannot be valued in {line.Currency}: {receivables.Error!.Message} Record the rate first.");
        }

        var shares = await db.CreditReservationLines.Where(l => l.LineId == line.Id)
            .Join(db.CreditReservations.Where(r => CreditPaths.Counted.Contains(r.State)), l => l.ReservationId, r => r.Id, (l, r) => new { Share = l, r.State, r.AmountMinor, r.Currency, r.CheckedOn })
            .ToListAsync(ct);
        var rates = await db.Rates(shares.Select(s => s.Currency).Append(line.Currency), ct);
        long reserved = 0;
        long shipped = 0;
        foreach (var s in shares)
        {
            var converted = rates.Convert(new Money(s.AmountMinor, Currency.Of(s.Currency)), Currency.Of(line.Currency), s.CheckedOn);
            if (!converted.IsOk)
            {
                return new ValidationFailed("currency", $"An order on this line cannot be valued in {line.Currency}: {converted.Error!.Message} Record the rate first.");
            }

            s.Share.AmountMinor = converted.Value.Minor;
            if (s.State == ReservationState.Shipped)
            {
                shipped += converted.Value.Minor;
            }
            else
            {
                reserved += converted.Value.Minor;
            }
        }

        await db.SaveChangesAsync(ct);
        await db.CreditLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(
            u => u.SetProperty(l => l.ReceivableMinor, receivables.Value).SetProperty(l => l.ReservedMinor, reserved).SetProperty(l => l.ShippedMinor, shipped), ct);
        return true;
    }

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

    public static async Task<IResult> PutEndpoint(string level, string key, CreditLineRequest request, SetCreditLine set, CancellationToken ct)
    {
        var result = await set.Handle(level, key, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> GetEndpoint(string level, string key, SetCreditLine set, CancellationToken ct)
    {
        var subject = await set.Resolve(level, key, ct);
        if (!subject.IsOk)
        {
            return subject.Error!.ToProblem();
        }

        return await set.Read(subject.Value!, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound("Credit line", $"{level}/{key}");
    }
}
