using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Credo.Web.Features.Replies;

/// <summary>The mailbox replies arrive in (section Collections:Assist:Imap); polling is off until a host is set.</summary>
internal sealed class ImapOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 993;

    /// <summary>TLS from the first byte (port 993); false for a plain connection upgraded when the server offers STARTTLS, or none on loopback.</summary>
    public bool UseSsl { get; set; } = true;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    public int PollSeconds { get; set; } = 300;

    public bool IsOn => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// Reads new messages from the configured IMAP folder with MailKit (read-only: nothing is marked or moved) and takes
/// each in through <see cref="ReceiveReply"/>, which keeps a message once by its Message-ID (a message without one is
/// keyed by the folder's UIDVALIDITY and its UID). Attachments are checked by size, type and first bytes.
/// </summary>
internal sealed class PollMailbox(ReceiveReply receive, IOptions<AssistOptions> options)
{
    public sealed record Polled(int Seen, int New);

    public async Task<Polled> Handle(CancellationToken ct)
    {
        var o = options.Value.Imap;
        using var client = new ImapClient();
        await client.ConnectAsync(o.Host!, o.Port, o.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
        await client.AuthenticateAsync(o.User ?? string.Empty, o.Password ?? string.Empty, ct);
        var folder = await client.GetFolderAsync(o.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadOnly, ct);
        var uids = await folder.SearchAsync(SearchQuery.All, ct);
        int fresh = 0;
        foreach (var uid in uids)
        {
            var message = await folder.GetMessageAsync(uid, ct);
            var result = await receive.Handle(ToRequest(message, $"imap:{folder.UidValidity}:{uid.Id}"), "imap", ct);
            fresh += result is { IsOk: true, Value.AlreadyReceived: false } ? 1 : 0;
        }

        await client.DisconnectAsync(true, ct);
        return new Polled(uids.Count, fresh);
    }

    internal static ReceiveReplyRequest ToRequest(MimeMessage message, string fallbackKey)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var body = message.TextBody ?? StripTags(message.HtmlBody ?? string.Empty);
        var attachments = message.Attachments.OfType<MimePart>().Select(Describe).ToList();
        return new ReceiveReplyRequest(
            string.IsNullOrWhiteSpace(message.MessageId) ? fallbackKey : message.MessageId, from?.Address, from?.Name, message.Subject ?? string.Empty,
            body.Length > 20_000 ? body[..20_000] : body, message.InReplyTo, attachments, message.Date == DateTimeOffset.MinValue ? null : message.Date);
    }

    private static ReplyAttachment Describe(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        var type = part.ContentType.MimeType.ToLowerInvariant();
        var head = content.ToArray().Take(8).ToArray();
        var looksRight = type switch
        {
            "application/pdf" => head.AsSpan().StartsWith("%PDF"u8),
            "image/png" => head.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }),
            "image/jpeg" => head.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
            _ => true,
        };
        return new ReplyAttachment(part.FileName, looksRight ? type : "application/octet-stream", content.Length);
    }

    private static string StripTags(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html.Replace("<br", "\n<br", StringComparison.OrdinalIgnoreCase).Replace("</p>", "\n</p>", StringComparison.OrdinalIgnoreCase), "<[^>]+>", string.Empty, System.Text.RegularExpressions.RegexOptions.None, Credo.Domain.Common.PatternGuard.Timeout);
}

/// <summary>Polls the mailbox every <see cref="ImapOptions.PollSeconds"/> when IMAP is configured; a failed poll is logged and tried again next time.</summary>
internal sealed class MailboxPolling(IServiceScopeFactory scopes, IOptions<AssistOptions> options, TimeProvider clock, ILogger<MailboxPolling> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Imap.IsOn)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(30, options.Value.Imap.PollSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var polled = await scope.ServiceProvider.GetRequiredService<PollMailbox>().Handle(stoppingToken);
                log.LogInformation("Mailbox polled: {Seen} messages, {New} new replies", polled.Seen, polled.New);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Polling the replies mailbox failed; trying again at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
