using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Credo.Web.Features.Replies;

/// <summary>
/// The mail drop folder (for sellers without IMAP): every .eml file dropped in <see cref="AssistOptions.DropFolder"/>
/// is taken in as a reply through <see cref="ReceiveReply"/> and then moved, so each file is read once: to "done"
/// when taken in (or already taken in: the same message dropped twice is kept once, by its Message-ID, else by the
/// file's content), to "failed" with a "<i>name</i>.reason.txt" beside it saying why, when it is not a message or not a
/// reply Credo can take. Files that are not .eml are left alone.
/// </summary>
internal sealed class TakeDroppedMail(ReceiveReply receive, IOptions<AssistOptions> options, ILogger<TakeDroppedMail> log)
{
    public sealed record Taken(int Files, int New, int Repeated, int Failed);

    public const string Done = "done";

    public const string Failed = "failed";

    public async Task<Taken> Handle(CancellationToken ct)
    {
        var folder = options.Value.DropFolder!;
        Directory.CreateDirectory(Path.Combine(folder, Done));
        Directory.CreateDirectory(Path.Combine(folder, Failed));
        var files = Directory.EnumerateFiles(folder, "*.eml", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).Take(500).ToList();
        int fresh = 0, repeated = 0, failed = 0;
        foreach (var file in files.Where(File.Exists)) // another instance may have moved one meanwhile
        {
            var (outcome, why) = await TakeOne(file, ct);
            switch (outcome)
            {
                case Outcome.New: fresh++; break;
                case Outcome.Repeated: repeated++; break;
                case Outcome.Failed: failed++; break;
            }

            Move(folder, file, outcome == Outcome.Failed ? Failed : Done, why);
        }

        // Counts only: a message's sender, subject and words are personal data and stay out of the log.
        log.LogInformation("Mail drop folder read: {Files} files, {New} new replies, {Repeated} already taken in, {Failed} failed", files.Count, fresh, repeated, failed);
        return new Taken(files.Count, fresh, repeated, failed);
    }

    private enum Outcome
    {
        New,
        Repeated,
        Failed,
    }

    private async Task<(Outcome Outcome, string? Why)> TakeOne(string file, CancellationToken ct)
    {
        byte[] bytes;
        MimeMessage message;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, ct);
            if (bytes.Length > 30_000_000)
            {
                return (Outcome.Failed, "The file is larger than 30 MB: not a reply Credo takes in.");
            }

            using var stream = new MemoryStream(bytes);
            message = await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FileNotFoundException)
        {
            return (Outcome.Repeated, null); // another instance took it
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            return (Outcome.Failed, "The file is not an email message (.eml) Credo can read.");
        }

        var key = "drop:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var result = await receive.Handle(PollMailbox.ToRequest(message, key), "drop", ct);
        return result.IsOk
            ? (result.Value!.AlreadyReceived ? Outcome.Repeated : Outcome.New, null)
            : (Outcome.Failed, $"Not taken in: {result.Error!.Message}");
    }

    /// <summary>Moves the file into done or failed under a name not yet taken there; for a failure, writes the reason beside it.</summary>
    private static void Move(string folder, string file, string to, string? why)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var target = Path.Combine(folder, to, name + ".eml");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(folder, to, $"{name}-{n}.eml");
        }

        try
        {
            File.Move(file, target);
        }
        catch (FileNotFoundException)
        {
            return; // another instance moved it first
        }

        if (why is not null)
        {
            File.WriteAllText(Path.ChangeExtension(target, ".reason.txt"), why + Environment.NewLine);
        }
    }
}

/// <summary>Reads the drop folder every <see cref="AssistOptions.DropSeconds"/> when one is configured; a failed read is logged and tried again next time.</summary>
internal sealed class MailDropWatching(IServiceScopeFactory scopes, IOptions<AssistOptions> options, TimeProvider clock, ILogger<MailDropWatching> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.DropFolder))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, options.Value.DropSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TakeDroppedMail>().Handle(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reading the mail drop folder failed; trying again at the next look");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
