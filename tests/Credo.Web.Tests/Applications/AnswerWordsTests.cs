using Credo.Web.Features.Applications;

namespace Credo.Web.Tests.Applications;

/// <summary>Issue 12 §4: application answers were shown as raw JSON and cut off; each part is a labelled answer.</summary>
public sealed class AnswerWordsTests
{
    [Fact]
    public void Nested_answers_become_labelled_answers_never_json()
    {
        const string answers = """
            {"legalName":"Acme Ltd","billingAddress":{"line1":"1 High St","postalCode":"AB1 2CD","country":"GB"},
             "references":[{"name":"Supplier One","phone":"+44 1"},{"name":"Supplier Two"}],"tags":["retail","online"],"signed":true,"employees":12}
            """;
        var labels = new Dictionary<string, string> { ["legalName"] = "Legal name", ["billingAddress"] = "Billing address" };

        var shown = TemplateReading.Answers(answers).Select(a => (TemplateReading.Label(a.Key, labels), a.Value)).ToList();

        Assert.Equal(
            [
                ("Legal name", "Acme Ltd"),
                ("Billing address: Line1", "1 High St"),
                ("Billing address: Postal code", "AB1 2CD"),
                ("Billing address: Country", "GB"),
                ("References: #1: Name", "Supplier One"),
                ("References: #1: Phone", "+44 1"),
                ("References: #2: Name", "Supplier Two"),
                ("Tags", "retail, online"),
                ("Signed", "Yes"),
                ("Employees", "12"),
            ],
            shown);
        Assert.DoesNotContain(shown, s => s.Value.Contains('{', StringComparison.Ordinal));
    }
}
