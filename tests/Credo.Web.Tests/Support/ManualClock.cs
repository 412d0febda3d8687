namespace Credo.Web.Tests.Support;

/// <summary>
/// A clock the test moves by hand: register it as the app's <see cref="TimeProvider"/> (ConfigureTestServices) and
/// everything that reads time through it (CreditDb.UtcNow and Today, the check writer, pages) sees the same instant.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
