using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Support;

/// <summary>Every log line of a host, captured (with its category and exception) to prove what is never logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Queue { get; } = new();

    public List<string> Messages => [.. Queue];

    /// <summary>The errors and critical failures alone (a host that did not start says why here).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Capture(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{category}: {formatter(state, exception)} {exception}";
            owner.Queue.Enqueue(line);
            if (logLevel >= LogLevel.Error)
            {
                owner.Errors.Enqueue($"{logLevel} {line}");
            }
        }
    }
}
