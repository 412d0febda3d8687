using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// A small IMAP4rev1 server on a loopback port the OS picks, speaking the real protocol as far as MailKit needs it to
/// poll a mailbox: CAPABILITY, LOGIN, LIST, SELECT/EXAMINE, UID SEARCH, UID FETCH (BODY[] as a literal), NOOP, CLOSE
/// and LOGOUT. Messages are raw RFC 5322 bytes with UIDs from 1. It keeps every command line it was sent.
/// </summary>
internal sealed partial class LoopbackImap : IAsyncDisposable
{
    private const int UidValidity = 7;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<byte[]> _messages = [];
    private readonly Task _accepting;

    public LoopbackImap(string user, string password)
    {
        User = user;
        Password = password;
        _listener.Start();
        _accepting = Accept();
    }

    public string User { get; }

    public string Password { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Commands { get; } = new();

    public void Add(string rawMessage)
    {
        lock (_messages)
        {
            _messages.Add(Encoding.UTF8.GetBytes(rawMessage.ReplaceLineEndings("\r\n")));
        }
    }

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client), _stop.Token);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await Send(stream, "* OK [CAPABILITY IMAP4rev1] Loopback IMAP ready\r\n");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            Commands.Enqueue(line);
            var parts = line.Split(' ', 3);
            var tag = parts[0];
            var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
            var rest = parts.Length > 2 ? parts[2] : string.Empty;
            if (command == "UID" && rest.Split(' ', 2) is [var sub, var args])
            {
                command = "UID " + sub.ToUpperInvariant();
                rest = args;
            }

            if (!await Answer(stream, tag, command, rest))
            {
                return;
            }
        }
    }

    private async Task<bool> Answer(NetworkStream stream, string tag, string command, string rest)
    {
        switch (command)
        {
            case "CAPABILITY":
                await Send(stream, $"* CAPABILITY IMAP4rev1\r\n{tag} OK CAPABILITY completed\r\n");
                return true;
            case "LOGIN":
                var words = Words().Matches(rest).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).ToList();
                var ok = words is [var u, var p] && u == User && p == Password;
                await Send(stream, ok ? $"{tag} OK [CAPABILITY IMAP4rev1] LOGIN completed\r\n" : $"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n");
                return true;
            case "LIST" or "LSUB":
                await Send(stream, rest.EndsWith("\"\"", StringComparison.Ordinal)
                    ? $"* {command} (\\Noselect) \"/\" \"\"\r\n{tag} OK {command} completed\r\n"
                    : $"* {command} (\\HasNoChildren) \"/\" INBOX\r\n{tag} OK {command} completed\r\n");
                return true;
            case "SELECT" or "EXAMINE":
                var count = Snapshot().Count;
                await Send(stream, $"* {count} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen)\r\n* OK [PERMANENTFLAGS ()] none\r\n* OK [UIDVALIDITY {UidValidity}] ok\r\n* OK [UIDNEXT {count + 1}] ok\r\n{tag} OK [READ-ONLY] {command} completed\r\n");
                return true;
            case "UID SEARCH":
                await Send(stream, $"* SEARCH {string.Join(' ', Enumerable.Range(1, Snapshot().Count))}\r\n{tag} OK SEARCH completed\r\n");
                return true;
            case "UID FETCH":
                await Fetch(stream, tag, rest.Split(' ', 2)[0]);
                return true;
            case "NOOP" or "CLOSE" or "CHECK":
                await Send(stream, $"{tag} OK {command} completed\r\n");
                return true;
            case "LOGOUT":
                await Send(stream, $"* BYE Loopback IMAP logging out\r\n{tag} OK LOGOUT completed\r\n");
                return false;
            default:
                await Send(stream, $"{tag} BAD {command} is not spoken here\r\n");
                return true;
        }
    }

    private async Task Fetch(NetworkStream stream, string tag, string set)
    {
        var messages = Snapshot();
        foreach (var uid in Uids(set, messages.Count))
        {
            var raw = messages[uid - 1];
            await Send(stream, $"* {uid} FETCH (UID {uid} BODY[] {{{raw.Length}}}\r\n");
            await stream.WriteAsync(raw, _stop.Token);
            await Send(stream, ")\r\n");
        }

        await Send(stream, $"{tag} OK FETCH completed\r\n");
    }

    private static IEnumerable<int> Uids(string set, int max)
    {
        foreach (var piece in set.Split(','))
        {
            var range = piece.Split(':');
            var from = range[0] == "*" ? max : int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            var to = range.Length == 1 ? from : range[1] == "*" ? max : int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture);
            for (var uid = Math.Min(from, to); uid <= Math.Min(Math.Max(from, to), max); uid++)
            {
                yield return uid;
            }
        }
    }

    private List<byte[]> Snapshot()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    private Task Send(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();

    [GeneratedRegex("\"([^\"]*)\"|[^ ]+")]
    private static partial Regex Words();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
