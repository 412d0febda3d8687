using System.Collections.Concurrent;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Credo.Web.Features.Outbox;

/// <summary>The <c>Smtp</c> configuration section. No <see cref="Host"/>: emails are written as .eml files to <see cref="PickupDirectory"/>.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), None, StartTls or SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string From { get; set; } = "Credo <no-reply@credo.local>";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Where .eml files go without SMTP; <c>{Database:DataDirectory}/mail-pickup</c> when not set.</summary>
    public string? PickupDirectory { get; set; }

    public double PollSeconds { get; set; } = 5;

    /// <summary>After this many failed attempts an email is left undelivered with its last error.</summary>
    public int MaxAttempts { get; set; } = 8;

    public int BatchSize { get; set; } = 50;

    /// <summary>False keeps the background loop off (tests deliver by calling <see cref="EmailDelivery.DeliverDueAsync"/>).</summary>
    public bool DeliverInBackground { get; set; } = true;
}

/// <summary>Sends one message; MailKit over SMTP, or a file in the pickup folder.</summary>
internal interface IEmailTransport
{
    /// <summary>"smtp host:port" or "pickup folder": for the delivery log.</summary>
    string Describe();

    Task SendAsync(IReadOnlyList<(long Id, MimeMessage Message)> messages, Func<long, Exception?, Task> done, CancellationToken ct);
}

internal sealed class SmtpTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public string Describe() => $"smtp {options.Value.Host}:{options.Value.Port}";

    public async Task SendAsync(IReadOnlyList<(long Id, MimeMessage Message)> messages, Func<long, Exception?, Task> done, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, o.Security, ct);
            if (!string.IsNullOrEmpty(o.User))
            {
                await client.AuthenticateAsync(o.User, o.Password ?? string.Empty, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var (id, _) in messages)
            {
                await done(id, e);
            }

            return;
        }

        foreach (var (id, message) in messages)
        {
            Exception? failure = null;
            try
            {
                await client.SendAsync(message, ct);
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException)
            {
                failure = e;
            }

            await done(id, failure);
            if (failure is SmtpProtocolException or IOException)
            {
                break;
            }
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(quit: true, ct);
        }
    }
}

/// <summary>Writes each email as <c>{outbox id}.eml</c> (to a temporary name, then moved) for a laptop demo without SMTP.</summary>
internal sealed class PickupFolderTransport(IOptions<SmtpOptions> options, IConfiguration config) : IEmailTransport
{
    public string Folder => Path.GetFullPath(options.Value.PickupDirectory ?? Path.Combine(config["Database:DataDirectory"] ?? "data", "mail-pickup"));

    public string Describe() => "pickup folder " + Folder;

    public async Task SendAsync(IReadOnlyList<(long Id, MimeMessage Message)> messages, Func<long, Exception?, Task> done, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        foreach (var (id, message) in messages)
        {
            Exception? failure = null;
            var temp = Path.Combine(Folder, $".{id}.{Guid.NewGuid():N}.tmp");
            try
            {
                await message.WriteToAsync(temp, ct);
                File.Move(temp, Path.Combine(Folder, $"{id}.eml"), overwrite: true);
            }
            catch (IOException e)
            {
                failure = e;
            }

            await done(id, failure);
        }
    }
}

/// <summary>
/// Delivers the outbox's <c>email</c> rows. Each attempt is claimed first (Attempts goes up only if nobody else
/// took it), so several instances never send the same attempt twice. Success sets DeliveredAtUtc; a failure
/// records LastError and waits (30 s doubling, at most an hour) before the next attempt, up to MaxAttempts.
/// Logs carry the outbox id and tag, never addresses or bodies. Emails that carry a resume secret
/// (<see cref="SecretTags"/>) keep only their envelope once delivered.
/// </summary>
internal sealed class EmailDelivery(CreditDb db, IEmailTransport transport, IOptions<SmtpOptions> options, IOptions<SellerOptions> seller, EmailRetrySchedule schedule, ILogger<EmailDelivery> log)
{
    public static readonly IReadOnlySet<string> SecretTags = new HashSet<string>(StringComparer.Ordinal) { "application-started" };

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = db.UtcNow;
        var rows = await db.Outbox.AsNoTracking()
            .Where(m => m.Topic == OutboxEmail.Topic.Name && m.DeliveredAtUtc == null && m.Attempts < o.MaxAttempts)
            .OrderBy(m => m.Id).Take(o.BatchSize * 4).ToListAsync(ct);
        var due = rows.Where(m => schedule.IsDue(m.Id, now)).Take(o.BatchSize).ToList();
        var batch = new List<(long Id, MimeMessage Message)>();
        var emails = new Dictionary<long, (OutboxEmail Email, int Attempt)>();
        foreach (var row in due)
        {
            var claimed = await db.Outbox.Where(m => m.Id == row.Id && m.Attempts == row.Attempts && m.DeliveredAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;
            }

            var email = OutboxEmail.Read(row)!;
            emails[row.Id] = (email, row.Attempts + 1);
            batch.Add((row.Id, ToMime(email, row.Id, o.From, seller.Value)));
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var delivered = 0;
        await transport.SendAsync(batch, async (id, failure) =>
        {
            var (email, attempt) = emails[id];
            var at = db.UtcNow;
            if (failure is null)
            {
                delivered++;
                schedule.Forget(id);
                var payload = SecretTags.Contains(email.Tag)
                    ? JsonSerializer.Serialize(email with { TextBody = "(delivered; the body held a private link and was removed)", HtmlBody = null }, JsonSerializerOptions.Web)
                    : null;
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.DeliveredAtUtc, at).SetProperty(m => m.LastError, (string?)null)
                        .SetProperty(m => m.PayloadJson, m => payload ?? m.PayloadJson),
                    CancellationToken.None);
                log.LogDebug("Email {OutboxId} ({Tag}) delivered through {Transport}", id, email.Tag, transport.Describe());
            }
            else
            {
                var wait = schedule.Failed(id, attempt, at);
                var error = $"{failure.GetType().Name}: {failure.Message}";
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error), CancellationToken.None);
                log.LogWarning("Email {OutboxId} ({Tag}) attempt {Attempt} failed ({Error}); next try in {Wait}", id, email.Tag, attempt, failure.GetType().Name, wait);
            }
        }, ct);
        return delivered;
    }

    /// <summary>
    /// The message as sent: from the seller (its name on the configured address), replies to the seller's reply-to,
    /// and signed with the seller's name and address, so every email says who is writing (issue 12 §3).
    /// </summary>
    internal static MimeMessage ToMime(OutboxEmail email, long id, string from, SellerOptions seller)
    {
        var message = new MimeMessage();
        var sender = MailboxAddress.Parse(from);
        if (!string.IsNullOrWhiteSpace(seller.Name))
        {
            sender.Name = seller.DisplayName;
        }

        message.From.Add(sender);
        if (!string.IsNullOrWhiteSpace(seller.ReplyTo) && MailboxAddress.TryParse(seller.ReplyTo, out var replyTo))
        {
            message.ReplyTo.Add(replyTo);
        }

        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.MessageId = $"outbox-{id}@credo.local";
        message.Headers.Add("X-Credo-Tag", email.Tag);
        var signature = string.Join(Environment.NewLine, new[] { seller.DisplayName }.Concat(seller.Address.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        var body = new BodyBuilder { TextBody = email.TextBody.TrimEnd() + Environment.NewLine + Environment.NewLine + "-- " + Environment.NewLine + signature, HtmlBody = email.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }
}

/// <summary>When each failed email may be tried again (in memory: after a restart everything is due at once).</summary>
internal sealed class EmailRetrySchedule
{
    private readonly ConcurrentDictionary<long, DateTime> _notBefore = new();

    public bool IsDue(long id, DateTime now) => !_notBefore.TryGetValue(id, out var at) || at <= now;

    public TimeSpan Failed(long id, int attempt, DateTime now)
    {
        var wait = RetryBackoff.After(attempt, baseSeconds: 30, maxSeconds: 3600);
        _notBefore[id] = now + wait;
        return wait;
    }

    public void Forget(long id) => _notBefore.TryRemove(id, out _);
}

/// <summary>The loop: one delivery pass every <c>Smtp:PollSeconds</c>.</summary>
internal sealed class EmailDeliveryService(IServiceProvider services, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<EmailDeliveryService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliverInBackground)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.5, options.Value.PollSeconds)), clock);
        do
        {
            try
            {
                using var scope = services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<EmailDelivery>().DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Email delivery pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static class EmailDeliverySetup
{
    public static IServiceCollection AddEmailDelivery(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SmtpOptions>(config.GetSection(SmtpOptions.Section));
        services.AddSingleton<EmailRetrySchedule>();
        services.AddScoped<EmailDelivery>();
        if (string.IsNullOrWhiteSpace(config["Smtp:Host"]))
        {
            services.AddSingleton<IEmailTransport, PickupFolderTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, SmtpTransport>();
        }

        services.AddHostedService<EmailDeliveryService>();
        return services;
    }
}
