using System.Text.RegularExpressions;
using Credo.Web.Features.Outbox;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Events;

/// <summary>docs/webhooks.md lists exactly the public topics of the catalogue, with their descriptions: it cannot drift.</summary>
public sealed partial class TopicsDocumentationTests
{
    [Fact]
    public void The_webhooks_guide_lists_exactly_the_public_topics_with_their_descriptions()
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "webhooks.md"));
        var begin = text.IndexOf("<!-- topics:begin -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- topics:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/webhooks.md has no <!-- topics:begin --> ... <!-- topics:end --> table.");
        var documented = TopicRow().Matches(text[begin..end]).Select(m => $"| `{m.Groups[1].Value}` | {m.Groups[2].Value.Trim()} |").ToList();
        var expected = EventCatalogue.Public.Select(t => $"| `{t.Name}` | {t.Description} |").ToList();
        Assert.True(expected.SequenceEqual(documented),
            "docs/webhooks.md's topic table differs from EventCatalogue.Public. Put these rows between the markers:\n" + string.Join('\n', expected));
    }

    [GeneratedRegex(@"^\| `([^`]+)` \| (.*) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex TopicRow();
}
