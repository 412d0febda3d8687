using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Customers;

/// <summary>
/// Issue 12 §2: every change of credit-relevant data has who, when, before and after. A customer's contacts are
/// stored inside its row (JSON), so a change to the contacts alone touched no audited column: with the clock standing
/// still (two edits within the same tick) it left no audit row at all, and otherwise a row without the contacts.
/// (The phone edited in place was audited with its before and after all along once contacts were edited in place; the
/// test read the JSON as text, where the trail's encoder writes '+' as \u002B.)
/// </summary>
public sealed class ContactsAuditTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Changing_only_a_contacts_phone_leaves_an_audit_row_with_who_when_before_and_after()
    {
        var client = await app.ClientAs("CreditManager");
        var number = Http.Unique("C");
        (await client.PostJson("/api/customers", Body(number, "+44 20 7946 0000"))).EnsureSuccessStatusCode();
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
        var rowsBefore = await AuditRows(id);

        (await client.PutAsync($"/api/customers/{number}", JsonContent.Create(Body(number, "+44 20 7946 0999 ext. 214")))).EnsureSuccessStatusCode();

        var row = Assert.Single((await AuditRows(id)).Skip(rowsBefore.Count));
        Assert.Equal("Modified", row.Action);
        Assert.StartsWith("apikey:", row.Actor, StringComparison.Ordinal);
        Assert.Equal(app.Now.UtcDateTime, row.AtUtc, TimeSpan.FromSeconds(1));
        // The trail's JSON escapes '+' (\u002B): read the values, not the text.
        Assert.Equal("+44 20 7946 0000", Contact(row.BeforeJson!, "Phone"));
        Assert.Equal("+44 20 7946 0999 ext. 214", Contact(row.AfterJson!, "Phone"));
        Assert.Equal("Accounts payable", Contact(row.AfterJson!, "Role"));
    }

    [Fact]
    public async Task Adding_and_removing_a_contact_is_audited_too()
    {
        var client = await app.ClientAs("CreditManager");
        var number = Http.Unique("C");
        (await client.PostJson("/api/customers", Body(number, "+1 555 0100"))).EnsureSuccessStatusCode();
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
        var rowsBefore = await AuditRows(id);

        (await client.PutAsync($"/api/customers/{number}", JsonContent.Create(Body(number, "+1 555 0100", extra: true)))).EnsureSuccessStatusCode();
        (await client.PutAsync($"/api/customers/{number}", JsonContent.Create(Body(number, "+1 555 0100")))).EnsureSuccessStatusCode();

        var rows = (await AuditRows(id)).Skip(rowsBefore.Count).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Credit controller", rows[0].AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Credit controller", rows[0].BeforeJson ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("Credit controller", rows[1].BeforeJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Credit controller", rows[1].AfterJson ?? string.Empty, StringComparison.Ordinal);
    }

    private static string? Contact(string json, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return Assert.Single(document.RootElement.GetProperty("Contacts").EnumerateArray().ToList()).GetProperty(property).GetString();
    }

    private Task<List<AuditEntry>> AuditRows(long customerId) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().Where(a => a.Entity == "Customer" && a.EntityId == customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(a => a.Id).ToListAsync());

    private static object Body(string number, string phone, bool extra = false) => new
    {
        number,
        legalName = "Contacts Audit Ltd",
        currency = "GBP",
        terms = "NET30",
        contacts = new[] { new { name = "Jo Payables", role = "Accounts payable", email = "ap@example.com", phone } }
            .Concat(extra ? [new { name = "Sam Credit", role = "Credit controller", email = "credit@example.com", phone = "+1 555 0101" }] : []).ToArray(),
    };
}
