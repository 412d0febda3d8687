using System.Diagnostics;

namespace Credo.Web.Features.CashApplication;

/// <summary>The steps of a matching run, for its time breakdown.</summary>
internal enum MatchStep
{
    /// <summary>The open invoices and payers read from the database into the matcher's book.</summary>
    LoadCandidates,

    /// <summary>The pure matcher's decisions.</summary>
    Match,

    /// <summary>The decisions written, applied lines posted through the ledger.</summary>
    Post,
}

/// <summary>Wall-clock time per <see cref="MatchStep"/> of one matching run (a stopwatch each; no clock of the domain's).</summary>
internal sealed class MatchSteps
{
    private readonly Dictionary<MatchStep, Stopwatch> watches = Enum.GetValues<MatchStep>().ToDictionary(s => s, _ => new Stopwatch());

    public void Start(MatchStep step) => watches[step].Start();

    public void Stop(MatchStep step) => watches[step].Stop();

    public async Task<T> Time<T>(MatchStep step, Func<Task<T>> work)
    {
        Start(step);
        try
        {
            return await work();
        }
        finally
        {
            Stop(step);
        }
    }

    public TimeSpan Of(MatchStep step) => watches[step].Elapsed;
}
