using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Architecture;

/// <summary>
/// Issue 12 §6: "19 test files use DateTime.UtcNow although a test clock exists". Tests read the app's clock
/// (<see cref="ManualClock"/>, <c>CredoApp.Now</c> and <c>Today</c>); the machine's clock makes a test depend on the day
/// and the hour it runs. The clock itself is the one exception.
/// </summary>
public sealed partial class TestClockTests
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "tests/Credo.Web.Tests/Support/ManualClock.cs", // the test clock starts at the machine's time once, then moves only when a test moves it
    };

    [Fact]
    public void No_test_reads_the_machines_clock()
    {
        var offenders = new[] { Repository.PathOf("tests", "Credo.Web.Tests"), Repository.PathOf("tests", "Credo.Domain.Tests") }
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .Where(f => MachineClock().IsMatch(f.Text) && !Allowed.Contains(f.File) && !f.File.EndsWith("/TestClockTests.cs", StringComparison.Ordinal))
            .Select(f => f.File)
            .ToList();
        Assert.True(offenders.Count == 0, "Read the app's clock (CredoApp.Now / Today, ManualClock), not the machine's: " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex MachineClock();
}
