using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// One delivery worker per app instance (docs/adr/0016-webhook-delivery.md). A pass claims the active subscriptions
/// that have events after their cursor and are not waiting for a retry, by a lease (<c>LeaseOwner</c>,
/// <c>LeaseUntilUtc</c>) set with a conditional UPDATE (picked with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), so
/// two instances never hold the same subscription; then delivers to each claimed subscription in its own scope.
/// </summary>
internal sealed class WebhookDispatcher(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> log)
{
    /// <summary>This instance's name in leases and attempts: host, process and a random part (two hosts in one process differ).</summary>
    public string Worker { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs passes until one makes no attempt; returns the number of attempts made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var total = 0;
        for (var pass = 0; pass < 1000; pass++)
        {
            var attempts = await RunPassAsync(ct);
            total += attempts;
            if (attempts == 0)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>One pass: claim, deliver to each claimed subscription (a few at a time), release.</summary>
    public async Task<int> RunPassAsync(CancellationToken ct)
    {
        IReadOnlyList<long> claimed;
        using (var scope = scopes.CreateScope())
        {
            claimed = await Claim(scope.ServiceProvider.GetRequiredService<CreditDb>(), ct);
        }

        var attempts = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = ct }, async (id, token) =>
        {
            using var scope = scopes.CreateScope();
            var deliver = scope.ServiceProvider.GetRequiredService<DeliverWebhooks>();
            try
            {
                Interlocked.Add(ref attempts, await deliver.Subscription(id, Worker, token));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Webhook delivery to subscription {SubscriptionId} failed", id);
            }
            finally
            {
                await deliver.Release(id, Worker);
            }
        });
        return attempts;
    }

    private async Task<IReadOnlyList<long>> Claim(CreditDb db, CancellationToken ct)
    {
        var o = options.Value;
        var lastEvent = await db.Outbox.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var now = db.UtcNow;
        var until = now.AddSeconds(o.LeaseSeconds);
        var limit = Math.Max(1, o.Parallelism) * 2;
        switch (db.Provider)
        {
            case DatabaseProvider.Postgres:
                // SKIP LOCKED: instances claiming at the same moment take different rows instead of queueing; the
                // conditions are re-checked on the locked row, so a lease another instance just took is skipped.
                return await db.Database.SqlQuery<long>($"""
                    UPDATE webhook_subscriptions SET "LeaseOwner" = {Worker}, "LeaseUntilUtc" = {until}
                    WHERE "Id" IN (
                        SELECT "Id" FROM webhook_subscriptions
                        WHERE "State" = 'Active' AND "DeliveredThroughEventId" < {lastEvent}
                          AND ("NextAttemptAtUtc" IS NULL OR "NextAttemptAtUtc" <= {now})
                          AND ("LeaseUntilUtc" IS NULL OR "LeaseUntilUtc" <= {now})
                        ORDER BY "Id" LIMIT {limit}
                        FOR UPDATE SKIP LOCKED)
                    RETURNING "Id" AS "Value"
                    """).ToListAsync(ct);
            case DatabaseProvider.Sqlite:
                // One writer at a time: each conditional UPDATE is atomic, and only one instance's can match.
                var candidates = await Due(db, lastEvent, now).OrderBy(s => s.Id).Select(s => s.Id).Take(limit).ToListAsync(ct);
                var won = new List<long>();
                foreach (var id in candidates)
                {
                    var claimed = await Due(db, lastEvent, now).Where(s => s.Id == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, Worker).SetProperty(x => x.LeaseUntilUtc, until), ct);
                    if (claimed == 1)
                    {
                        won.Add(id);
                    }
                }

                return won;
        }

        return [];
    }

    private static IQueryable<WebhookSubscription> Due(CreditDb db, long lastEvent, DateTime now) =>
        db.WebhookSubscriptions.Where(s => s.State == WebhookState.Active && s.DeliveredThroughEventId < lastEvent
            && (s.NextAttemptAtUtc == null || s.NextAttemptAtUtc <= now)
            && (s.LeaseUntilUtc == null || s.LeaseUntilUtc <= now));
}

/// <summary>
/// Delivers a claimed subscription's events, oldest first, one at a time: the first matching event after its cursor
/// is posted; success moves the cursor past it, failure records the attempt and the next attempt's time (exponential
/// backoff) and stops: later events wait behind it, so a receiver sees events in outbox order. After
/// <see cref="WebhookOptions.MaxAttempts"/> the subscription is marked failing. Every attempt is a row in
/// <c>webhook_attempts</c>, written with the progress in one transaction; the progress update is fenced by the lease and
/// the cursor it started from, so a redelivery or a lost lease stops this worker instead of being overwritten.
/// </summary>
internal sealed class DeliverWebhooks(CreditDb db, WebhookSender sender, WebhookSecrets secrets, IOptions<WebhookOptions> options, IConfiguration config, ILogger<DeliverWebhooks> log)
{
    /// <summary>The wait after failed attempt number <paramref name="attempt"/>: base, doubled each time, capped.</summary>
    public static TimeSpan Backoff(WebhookOptions o, int attempt) => RetryBackoff.After(attempt, o.RetryBaseSeconds, o.RetryMaxSeconds);

    public async Task<int> Subscription(long id, string worker, CancellationToken ct)
    {
        var o = options.Value;
        var sub = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        if (sub.LeaseOwner != worker || sub.LeaseUntilUtc is not { } leaseUntil)
        {
            return 0;
        }

        var filters = WebhookTopics.Split(sub.Topics);
        var keys = SigningKeys(sub, db.UtcNow);
        var lag = TimeSpan.FromSeconds(config.GetValue("Events:VisibilityLagSeconds", 5.0));
        // A send starts only if it (timeout) and its recording (a quarter of the lease) end well inside the lease.
        var margin = TimeSpan.FromSeconds(o.TimeoutSeconds + Math.Max(5, o.LeaseSeconds / 4));
        var cursor = sub.DeliveredThroughEventId;
        var publicTopics = EventCatalogue.PublicNames;
        var attempts = 0;
        // At most BatchSize attempts per claim, so that instances take turns on a busy subscription.
        while (!ct.IsCancellationRequested && attempts < o.BatchSize && db.UtcNow + margin < leaseUntil)
        {
            var page = await db.Outbox.AsNoTracking().Where(m => m.Id > cursor && publicTopics.Contains(m.Topic)).OrderBy(m => m.Id)
                .Take(Math.Max(1, o.BatchSize)).ToListAsync(ct);
            await db.Fill(page, ct); // creditpath: decisions stored once, on their reservation
            // On PostgreSQL ids are handed out before commit: an event younger than the lag may still have an
            // uncommitted predecessor, so the scan stops at the first one (as the events feed holds them back).
            var visibleBefore = db.UtcNow - lag;
            var scanned = page.TakeWhile(m => m.CreatedAtUtc <= visibleBefore).ToList();
            var next = scanned.FirstOrDefault(m => WebhookTopics.Matches(filters, m.Topic));
            if (next is null)
            {
                if (scanned.Count > 0 && !await Advance(id, worker, cursor, scanned[^1].Id, ct))
                {
                    break;
                }

                if (scanned.Count < page.Count || page.Count < o.BatchSize || scanned.Count == 0)
                {
                    break;
                }

                cursor = scanned[^1].Id;
                continue;
            }

            var messageId = next.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var attempt = (sub.PendingEventId == next.Id ? sub.PendingAttempts : 0) + 1;
            var at = db.UtcNow;
            var outcome = await sender.Send(sub.Url, keys, messageId, WebhookSender.Body(messageId, next.Topic, next.CreatedAtUtc, next.PayloadJson), ct);
            attempts++;
            var kept = await Record(sub, worker, cursor, next, messageId, attempt, at, outcome, ct);
            if (!outcome.Succeeded || !kept)
            {
                break;
            }

            cursor = next.Id;
            sub.PendingEventId = null;
            sub.PendingAttempts = 0;
        }

        return attempts;
    }

    public Task<int> Release(long id, string worker) =>
        db.WebhookSubscriptions.Where(s => s.Id == id && s.LeaseOwner == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);

    /// <summary>The keys that sign now: the current secret's, and the previous one's while its overlap lasts.</summary>
    public IReadOnlyList<byte[]> SigningKeys(WebhookSubscription sub, DateTime now)
    {
        var keys = new List<byte[]> { WebhookSecrets.SigningKey(secrets.Unprotect(sub.ProtectedSecret)) };
        if (sub.PreviousProtectedSecret is { } previous && sub.PreviousSecretExpiresAtUtc > now)
        {
            try
            {
                keys.Add(WebhookSecrets.SigningKey(secrets.Unprotect(previous)));
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Rotated because the old secret's key was lost: the new secret alone signs.
            }
        }

        return keys;
    }

    /// <summary>Moves the cursor over events that do not match the subscription's topics.</summary>
    private async Task<bool> Advance(long id, string worker, long from, long to, CancellationToken ct) =>
        await Fenced(id, worker, from).ExecuteUpdateAsync(s => s.SetProperty(x => x.DeliveredThroughEventId, to), ct) == 1;

    private IQueryable<WebhookSubscription> Fenced(long id, string worker, long cursor) =>
        db.WebhookSubscriptions.Where(s => s.Id == id && s.LeaseOwner == worker && s.State == WebhookState.Active && s.DeliveredThroughEventId == cursor);

    private async Task<bool> Record(WebhookSubscription sub, string worker, long cursor, OutboxMessage message, string messageId, int attempt, DateTime at, SendOutcome outcome, CancellationToken ct)
    {
        var o = options.Value;
        var now = db.UtcNow;
        await using var tx = await OwnedTransaction.Begin(db, CancellationToken.None);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            SubscriptionId = sub.Id,
            EventId = message.Id,
            MessageId = messageId,
            Topic = message.Topic,
            AttemptNumber = attempt,
            AttemptedAtUtc = at,
            StatusCode = outcome.StatusCode,
            Succeeded = outcome.Succeeded,
            Error = outcome.Error,
            DurationMs = outcome.DurationMs,
            ResponseBody = outcome.ResponseBody,
            Worker = worker,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();

        int moved;
        if (outcome.Succeeded)
        {
            moved = await Fenced(sub.Id, worker, cursor).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.DeliveredThroughEventId, message.Id).SetProperty(x => x.PendingEventId, (long?)null)
                    .SetProperty(x => x.PendingAttempts, 0).SetProperty(x => x.NextAttemptAtUtc, (DateTime?)null)
                    .SetProperty(x => x.LastSuccessAtUtc, now),
                CancellationToken.None);
        }
        else
        {
            // The events before this one did not match: the cursor moves up to it, and it becomes the pending event.
            var failing = attempt >= o.MaxAttempts;
            var next = failing ? (DateTime?)null : now + Backoff(o, attempt);
            var failingSince = failing ? now : (DateTime?)null;
            var error = WebhookSender.Short(outcome.Error ?? "failed");
            moved = await Fenced(sub.Id, worker, cursor).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.DeliveredThroughEventId, message.Id - 1).SetProperty(x => x.PendingEventId, message.Id)
                    .SetProperty(x => x.PendingAttempts, attempt).SetProperty(x => x.NextAttemptAtUtc, next)
                    .SetProperty(x => x.LastFailureAtUtc, now).SetProperty(x => x.LastError, error)
                    .SetProperty(x => x.State, failing ? WebhookState.Failing : WebhookState.Active)
                    .SetProperty(x => x.FailingSinceUtc, x => failingSince ?? x.FailingSinceUtc),
                CancellationToken.None);
            if (failing)
            {
                log.LogWarning("Webhook subscription {SubscriptionId} is failing: event {EventId} failed {Attempts} attempts ({Error})", sub.Id, message.Id, attempt, error);
            }
            else
            {
                log.LogInformation("Webhook subscription {SubscriptionId}: event {EventId} attempt {Attempt} failed ({Error}); next try at {NextAttemptAtUtc:o}", sub.Id, message.Id, attempt, error, next);
            }
        }

        await tx.CommitAsync(CancellationToken.None);
        if (moved == 0)
        {
            log.LogWarning("Webhook subscription {SubscriptionId} changed while event {EventId} was sent (redelivery, deactivation or lost lease); this worker stops", sub.Id, message.Id);
        }

        return moved == 1;
    }
}

/// <summary>The loop: a delivery pass every <c>Webhooks:PollSeconds</c>.</summary>
internal sealed class WebhookDeliveryService(WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDeliveryService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliverInBackground)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.2, options.Value.PollSeconds)), clock);
        do
        {
            try
            {
                await dispatcher.DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Webhook delivery pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
