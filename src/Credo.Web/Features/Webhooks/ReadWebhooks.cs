using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Webhooks;

/// <summary>Subscriptions with their delivery status, and their attempts newest first (keyset-paged).</summary>
internal sealed class ReadWebhooks(CreditDb db)
{
    public const int MaxTake = 200;

    public async Task<IReadOnlyList<WebhookDto>> List(CancellationToken ct) =>
        [.. (await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(WebhookDto.From)];

    public async Task<Result<WebhookDto>> Get(long id, CancellationToken ct) =>
        await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } sub
            ? WebhookDto.From(sub)
            : new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <param name="subscriptionId">One subscription's attempts, or every subscription's when null (the team page).</param>
    public async Task<Result<WebhookAttemptPage>> Attempts(long? subscriptionId, long? before, int? take, CancellationToken ct)
    {
        if (take is < 1 or > MaxTake)
        {
            return new ValidationFailed("take", $"Take 1 to {MaxTake} attempts.");
        }

        if (subscriptionId is { } id && !await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var query = db.WebhookAttempts.AsNoTracking();
        if (subscriptionId is { } only)
        {
            query = query.Where(a => a.SubscriptionId == only);
        }

        if (before is { } b)
        {
            query = query.Where(a => a.Id < b);
        }

        var size = take ?? 50;
        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(ct);
        var page = rows.Take(size).Select(WebhookAttemptDto.From).ToList();
        return new WebhookAttemptPage(page, rows.Count > size ? page[^1].Id : null);
    }
}
