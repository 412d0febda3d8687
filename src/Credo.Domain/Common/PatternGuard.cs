namespace Credo.Domain.Common;

/// <summary>
/// The match timeout of Credo's own fixed text patterns (reply reading, bank statement details, mail text). Our
/// patterns are linear in their input, so the timeout is only a guard against a runaway, never a speed budget: it
/// is wall-clock time, and a thread on a loaded machine can wait seconds for a core (a 1 s timeout failed the demo
/// load at load average 175). Patterns a person types (application templates) keep their own short limit.
/// </summary>
public static class PatternGuard
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
}
