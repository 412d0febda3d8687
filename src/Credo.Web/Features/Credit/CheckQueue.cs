using System.Threading.Channels;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The front door for credit checks. On PostgreSQL a check runs in its own transaction (row locks let checks on
/// different paths run in parallel). On SQLite, where every writer is serialised anyway and each commit costs an
/// fsync, checks are queued to one in-process writer that runs whatever is waiting (up to
/// <see cref="MaxBatch"/>) in a single <c>BEGIN IMMEDIATE</c> transaction, each check inside its own savepoint,
/// and commits once: group commit. Answers are returned only after the commit, so an approval is never reported
/// before it is durable. A check that throws inside a batch is rolled back to its savepoint and retried alone.
/// </summary>
internal sealed class CheckQueue(IServiceProvider services, ILogger<CheckQueue> log) : IDisposable
{
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    private sealed record Pending(CreditCheckRequest Request, string Actor, TaskCompletionSource<Result<CreditCheckAnswer>> Answer);

    public async Task<Result<CreditCheckAnswer>> Submit(CreditCheckRequest request, CreditDb db, CheckCredit direct, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Sqlite || db.Database.CurrentTransaction is not null)
        {
            return await direct.Handle(request, ct);
        }

        EnsureStarted();
        var pending = new Pending(request, db.Actor.Name, new TaskCompletionSource<Result<CreditCheckAnswer>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _channel.Writer.WriteAsync(pending, ct);
        return await pending.Answer.Task.WaitAsync(ct);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(Loop);
        }
    }

    private async Task Loop()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Pending>(MaxBatch);
            while (batch.Count < MaxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            try
            {
                await RunBatch(batch);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A credit-check batch failed; its checks are retried one by one");
                foreach (var p in batch.Where(p => !p.Answer.Task.IsCompleted))
                {
                    await RunAlone(p);
                }
            }
        }
    }

    private async Task RunBatch(List<Pending> batch)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var check = scope.ServiceProvider.GetRequiredService<CheckCredit>();
        var answers = new List<(Pending Pending, Result<CreditCheckAnswer> Answer)>(batch.Count);
        var retry = new List<Pending>();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await tx.CreateSavepointAsync(savepoint);
                try
                {
                    answers.Add((batch[i], await check.Handle(batch[i].Request, CancellationToken.None, batch[i].Actor)));
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
                {
                    await tx.RollbackToSavepointAsync(savepoint);
                    retry.Add(batch[i]);
                }

                db.ChangeTracker.Clear();
            }

            await tx.CommitAsync();
        }

        foreach (var (pending, answer) in answers)
        {
            pending.Answer.TrySetResult(answer);
        }

        foreach (var pending in retry)
        {
            await RunAlone(pending);
        }
    }

    private async Task RunAlone(Pending pending)
    {
        try
        {
            using var scope = services.CreateScope();
            pending.Answer.TrySetResult(await scope.ServiceProvider.GetRequiredService<CheckCredit>().Handle(pending.Request, CancellationToken.None, pending.Actor));
        }
        catch (Exception ex)
        {
            pending.Answer.TrySetException(ex);
        }
    }

    public void Dispose() => _channel.Writer.TryComplete();
}
