using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Architecture;

/// <summary>
/// Issue 11 §5: methods over about 70 lines are split into named steps. The same brace-counting rule as
/// <c>tools/long-methods.py</c> (a method starts at a member signature followed by a line holding only "{" and ends at
/// the matching "}"), reading the same allow-list, <c>tools/long-methods-allowed.txt</c>, so the suite fails on a new
/// long method even where python3 is not installed.
/// </summary>
public sealed partial class LongMethodsTests
{
    private const int Limit = 70;

    [Fact]
    public void No_method_is_over_70_lines_unless_the_allow_list_says_why()
    {
        var allowed = AllowList();
        var offenders = LongMethods()
            .Where(m => Why(allowed, m.File, m.Name) is null)
            .Select(m => $"{m.File}:{m.Line} {m.Name} ({m.Length} lines)")
            .ToList();
        Assert.True(offenders.Count == 0,
            "Split these into named steps (or give a reason in tools/long-methods-allowed.txt):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_allowed_method_named_one_by_one_is_still_long()
    {
        // A line naming one method (not a glob) goes when the method is split, so the list keeps saying what is left.
        var long_ = LongMethods().Select(m => $"{m.File}::{m.Name}").ToHashSet(StringComparer.Ordinal);
        var stale = AllowList().Keys
            .Where(p => p.Contains("::", StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal) && !long_.Contains(p))
            .ToList();
        Assert.True(stale.Count == 0, "Split already; remove from tools/long-methods-allowed.txt: " + string.Join(", ", stale));
    }

    private sealed record Method(string File, int Line, string Name, int Length);

    private static Dictionary<string, string> AllowList()
    {
        var allowed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(Repository.PathOf("tools", "long-methods-allowed.txt")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(" | ", 2);
            allowed[parts[0].Trim()] = parts[1].Trim();
        }

        return allowed;
    }

    private static string? Why(Dictionary<string, string> allowed, string file, string name)
    {
        foreach (var (pattern, why) in allowed)
        {
            var parts = pattern.Split("::", 2);
            if (Glob(parts[0]).IsMatch(file) && (parts.Length == 1 || parts[1] == name))
            {
                return why;
            }
        }

        return null;
    }

    /// <summary>Python's fnmatch: "*" is any run of characters ("/" included), "?" is one character.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");

    private static List<Method> LongMethods()
    {
        var found = new List<Method>();
        foreach (var folder in new[] { "src", "tools", "bench" })
        {
            var root = Repository.PathOf(folder);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var file = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
                var dir = "/" + Path.GetDirectoryName(file)!.Replace('\\', '/');
                if (dir.Contains("/obj", StringComparison.Ordinal) || dir.Contains("/bin", StringComparison.Ordinal))
                {
                    continue;
                }

                found.AddRange(Methods(file, File.ReadAllText(path).Split('\n')).Where(m => m.Length > Limit));
            }
        }

        return found;
    }

    private static IEnumerable<Method> Methods(string file, string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Signature().Match(lines[i]);
            if (!m.Success || TypeDeclaration().IsMatch(lines[i]))
            {
                continue;
            }

            // The body starts at the first line that is only "{" (after a possibly wrapped signature).
            var j = i;
            while (j < lines.Length && j < i + 12 && lines[j].Trim() != "{" && !lines[j].TrimEnd().EndsWith(';') && !lines[j].Contains("=>", StringComparison.Ordinal))
            {
                j++;
            }

            if (j >= lines.Length || lines[j].Trim() != "{")
            {
                continue;
            }

            var depth = 0;
            var k = j;
            for (; k < lines.Length; k++)
            {
                var code = WithoutLiterals(lines[k]);
                depth += code.Count(c => c == '{') - code.Count(c => c == '}');
                if (depth == 0)
                {
                    break;
                }
            }

            yield return new Method(file, i + 1, m.Groups["name"].Value, k - i + 1);
            i = k;
        }
    }

    /// <summary>The line without its char and string literals (and a trailing // comment), whose braces are not code.</summary>
    private static string WithoutLiterals(string line)
    {
        line = CharLiteral().Replace(line, "''");
        line = StringLiteral().Replace(line, "\"\"");
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|partial|unsafe|extern|new)\s+)+[\w<>\[\]?,.() ]+?\s+(?<name>[A-Za-z_]\w*)\s*(?:<[^>]*>)?\s*\(")]
    private static partial Regex Signature();

    [GeneratedRegex(@" (class|record|struct|interface) ")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"'(?:\\.|[^'\\])'")]
    private static partial Regex CharLiteral();

    [GeneratedRegex(@"""(?:\\.|[^""\\])*""")]
    private static partial Regex StringLiteral();
}
