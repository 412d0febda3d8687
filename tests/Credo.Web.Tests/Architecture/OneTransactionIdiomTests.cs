using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Architecture;

/// <summary>
/// Issue 11 §5: one way to open or join a transaction. Every transaction in the web project goes through
/// <c>Data/OwnedTransaction.cs</c>; the one exception (the credit-check writer's own SQLite connection, adopted by its
/// context) is named here with its reason, and a new direct <c>BeginTransaction</c> fails this test.
/// </summary>
public sealed partial class OneTransactionIdiomTests
{
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["src/Credo.Web/Data/OwnedTransaction.cs"] = "the helper itself",
        ["src/Credo.Web/Features/Credit/BatchWriter/CheckQueue.cs"] = "the credit-check writer's own SQLite connection, adopted with UseTransaction (ADR 0020)",
    };

    [Fact]
    public void Nothing_but_the_helper_begins_a_transaction()
    {
        var web = Repository.PathOf("src", "Credo.Web");
        var offenders = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.Combine("Data", "Migrations"), StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .Where(f => BeginTransaction().IsMatch(f.Text) && !Allowed.ContainsKey(f.File))
            .Select(f => f.File)
            .ToList();
        Assert.True(offenders.Count == 0, "Open or join transactions with OwnedTransaction.Begin(db, ct): " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"\.BeginTransaction(Async)?\(")]
    private static partial Regex BeginTransaction();
}
