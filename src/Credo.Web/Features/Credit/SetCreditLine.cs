using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
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

/// <summary>Sets a credit line at any level (creating it with the exposure already below it), with the reason recorded.</summary>
internal sealed class SetCreditLine(CreditDb db, ReadCreditLine read)
{
    /// <summary>The HTTP adapter's core call: the subject from the URL, the body read into a <see cref="LineChange"/>.</summary>
    public async Task<Result<CreditLineDto>> Handle(string level, string key, CreditLineRequest r, CancellationToken ct)
    {
        var subject = await read.Resolve(level, key, ct);
        if (!subject.IsOk)
        {
            return subject.Error!;
        }

        var change = FromRequest(subject.Value!, r);
        return change.IsOk ? await Apply(change.Value!, ct) : change.Error!;
    }

    /// <summary>Reads a request body in the line's currency: amounts in major units become <see cref="Money"/>, each refusal naming its field.</summary>
    private static Result<LineChange> FromRequest(LineSubject subject, CreditLineRequest r)
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

        await using var tx = await OwnedTransaction.Begin(db, ct);
        var (line, isNew) = await LockOrCreate(change.Subject, change.Currency, ct);
        var moved = MoveCurrency(line, isNew, change);
        if (!moved.IsOk)
        {
            return moved.Error!;
        }

        var oldCurrency = moved.Value;
        var oldLimit = line.LimitMinor;
        var now = db.UtcNow;
        SetValues(line, change, now);
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

        Record(line, change, oldCurrency, oldLimit, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await read.Read(change.Subject, ct) ?? throw new InvalidOperationException("Line vanished.");
    }

    /// <summary>The subject's line locked (under the line-set guard), or a new one added for it.</summary>
    private async Task<(CreditLine Line, bool IsNew)> LockOrCreate(LineSubject s, Currency currency, CancellationToken ct)
    {
        await db.GuardLineSet(creatingLine: true, ct);
        var existingId = await db.CreditLines.Where(l => l.Level == s.Level && l.SubjectId == s.SubjectId).Select(l => (long?)l.Id).SingleOrDefaultAsync(ct);
        if (existingId is { } id)
        {
            await db.LockLines([id], ct);
            return (await db.CreditLines.SingleAsync(l => l.Id == id, ct), false);
        }

        var line = new CreditLine { Level = s.Level, SubjectId = s.SubjectId, Currency = currency.Code, UpdatedBy = db.Actor.Name };
        db.CreditLines.Add(line);
        return (line, true);
    }

    /// <summary>
    /// An existing line keeps its currency unless the change says to move it (with the limit in the new one); the
    /// answer is the old currency when it moved (its exposure is then derived again), null when it did not.
    /// </summary>
    private static Result<string?> MoveCurrency(CreditLine line, bool isNew, LineChange change)
    {
        var currency = change.Currency;
        if (isNew || line.Currency == currency.Code)
        {
            return Result<string?>.Ok(null);
        }

        if (!change.ChangeCurrency)
        {
            return new Refusal("line-currency-fixed", $"This line is kept in {line.Currency}. To move it to {currency.Code}, send changeCurrency: true with the limit in {currency.Code}.", "currency");
        }

        if (change.Limit is null)
        {
            return new ValidationFailed("limit", $"Moving the line to {currency.Code} needs the limit in {currency.Code}.");
        }

        var oldCurrency = line.Currency;
        line.Currency = currency.Code;
        return oldCurrency;
    }

    private void SetValues(CreditLine line, LineChange change, DateTime now)
    {
        var increaseMinor = change.TemporaryIncrease?.Minor;
        line.LimitMinor = change.Limit?.Minor;
        line.TempIncreaseMinor = increaseMinor;
        line.TempIncreaseExpiresOn = increaseMinor is null ? null : change.TemporaryIncreaseExpiresOn;
        line.ReviewOn = change.ReviewOn;
        line.ExpiresOn = change.ExpiresOn;
        line.UpdatedAtUtc = now;
        line.UpdatedBy = db.Actor.Name;
    }

    /// <summary>The change in the line's history, with its reason, and the event integrators receive.</summary>
    private void Record(CreditLine line, LineChange change, string? oldCurrency, long? oldLimit, DateTime now)
    {
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
        db.Publish(new LimitChanged(change.Subject.Level.Slug(), change.Subject.Key, line.LimitMinor, line.Currency));
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

    public static async Task<IResult> Endpoint(string level, string key, CreditLineRequest request, SetCreditLine set, CancellationToken ct)
    {
        var result = await set.Handle(level, key, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }


}
