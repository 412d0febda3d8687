using System.Net;
using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Customers;

public sealed class CustomersApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Create_then_read_returns_normalised_master_data()
    {
        var client = await app.ClientAs("CreditManager");
        var number = Http.Unique("C");
        var created = await client.PostJson("/api/customers", new
        {
            number,
            legalName = "Northwind Stores Ltd",
            currency = "eur",
            terms = "2/10 net 30",
            billingAddress = new { line1 = "1 High St", city = "Leeds", country = "gb" },
            contacts = new[] { new { name = "Ana Buyer", email = "ana@northwind.example" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/customers/{number}", created.Headers.Location?.OriginalString);

        var read = await (await client.GetAsync($"/api/customers/{number}")).Json();
        Assert.Equal("EUR", read.GetProperty("currency").GetString());
        Assert.Equal("2/10NET30", read.GetProperty("terms").GetString());
        Assert.Equal("GB", read.GetProperty("billingAddress").GetProperty("country").GetString());
        Assert.Equal("Ana Buyer", read.GetProperty("contacts")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("currency", "XYZ", "currency")]
    [InlineData("terms", "whenever", "terms")]
    [InlineData("legalName", "", "legalName")]
    [InlineData("number", "bad number!", "number")]
    public async Task Invalid_master_data_is_refused_naming_the_field(string property, string value, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var body = new Dictionary<string, object?>
        {
            ["number"] = Http.Unique("C"),
            ["legalName"] = "Valid Name",
            ["currency"] = "USD",
            ["terms"] = "NET30",
        };
        body[property] = value;
        var response = await client.PostJson("/api/customers", body);
        await response.AssertProblem(400, "validation", field);
    }

    [Fact]
    public async Task Duplicate_number_is_a_conflict()
    {
        var client = await app.ClientAs("Admin");
        var number = Http.Unique("C");
        await client.CreateCustomer(number);
        var again = await client.PostJson("/api/customers", new { number, legalName = "Other", currency = "USD", terms = "NET30" });
        await again.AssertProblem(409, "customer-exists", "number");
    }

    [Fact]
    public async Task Stale_version_on_update_is_refused()
    {
        var client = await app.ClientAs("Admin");
        var number = Http.Unique("C");
        await client.CreateCustomer(number);
        var first = await client.PutAsJsonAsync($"/api/customers/{number}", new { legalName = "Renamed once", currency = "USD", terms = "NET45", version = 0 }, CredoApp.Json);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await client.PutAsJsonAsync($"/api/customers/{number}", new { legalName = "Renamed twice", currency = "USD", terms = "NET45", version = 0 }, CredoApp.Json);
        await stale.AssertProblem(409, "stale-version", "version");
    }

    [Fact]
    public async Task Search_filter_and_paging()
    {
        var client = await app.ClientAs("Viewer");
        var admin = await app.ClientAs("Admin");
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await admin.PostJson("/api/customers", new { number = $"S{tag}-{i}", legalName = $"Searchable {tag} {i}", currency = "USD", terms = "NET30" });
        }

        var page = await (await client.GetAsync($"/api/customers?search={tag.ToUpperInvariant()}&pageSize=2&page=2&sort=-number")).Json();
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal($"S{tag}-2", page.GetProperty("items")[0].GetProperty("number").GetString());
    }

    [Fact]
    public async Task Group_hierarchy_of_any_depth()
    {
        var admin = await app.ClientAs("Admin");
        var top = Http.Unique("G");
        var mid = Http.Unique("G");
        Assert.True((await admin.PostJson("/api/groups", new { code = top, name = "Holding" })).IsSuccessStatusCode);
        Assert.True((await admin.PostJson("/api/groups", new { code = mid, name = "Region", parentCode = top })).IsSuccessStatusCode);
        var store = Http.Unique("C");
        await admin.CreateCustomer(store, groupCode: mid);

        var hierarchy = await (await admin.GetAsync($"/api/customers/{store}/hierarchy")).Json();
        var path = hierarchy.GetProperty("path");
        Assert.Equal(mid, path[0].GetProperty("code").GetString());
        Assert.Equal(top, path[1].GetProperty("code").GetString());
        Assert.Equal(store, hierarchy.GetProperty("tree").GetProperty("children")[0].GetProperty("customers")[0].GetProperty("number").GetString());

        var inTop = await (await admin.GetAsync($"/api/customers?group={top}")).Json();
        Assert.Equal(1, inTop.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("Viewer", HttpStatusCode.Forbidden)]
    [InlineData("Collector", HttpStatusCode.Forbidden)]
    [InlineData("CreditAnalyst", HttpStatusCode.Created)]
    [InlineData("CreditManager", HttpStatusCode.Created)]
    public async Task Creating_customers_is_authorised_by_role(string role, HttpStatusCode expected)
    {
        var client = await app.ClientAs(role);
        var response = await client.PostJson("/api/customers", new { number = Http.Unique("C"), legalName = "X", currency = "USD", terms = "NET30" });
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task No_credentials_is_401_and_a_bad_key_too()
    {
        var anonymous = app.Anonymous();
        await (await anonymous.GetAsync("/api/customers")).AssertProblem(401, "unauthorized");
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "credo_000000000000_notarealsecretnotarealsecret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_api_key_is_refused_at_once_here_and_within_seconds_when_revoked_elsewhere()
    {
        async Task<(string Name, HttpClient Client)> NewKey()
        {
            var name = Http.Unique("key");
            var created = await app.InScope(sp => sp.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest(name, "Viewer"), CancellationToken.None));
            var client = app.Anonymous();
            client.DefaultRequestHeaders.Add("X-Api-Key", created.Value!.Key);
            return (name, client);
        }

        var (name, client) = await NewKey();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/customers")).StatusCode);
        await app.InScope(sp => sp.GetRequiredService<ManageApiKeys>().Revoke(name, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/customers")).StatusCode);

        // Revoked behind this instance's back (the CLI, another instance): refused once the remembered key ages out.
        var (other, otherClient) = await NewKey();
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/api/customers")).StatusCode);
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().ApiKeys.Where(k => k.Name == other)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAtUtc, app.Now.UtcDateTime)));
        await Task.Delay(ApiKeyCache.Lifetime + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherClient.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task Changes_are_audited_with_actor_before_and_after()
    {
        var admin = await app.ClientAs("Admin");
        var number = Http.Unique("C");
        await admin.CreateCustomer(number);
        await admin.PutAsJsonAsync($"/api/customers/{number}", new { legalName = "After Name", currency = "USD", terms = "NET30" }, CredoApp.Json);
        var customer = await (await admin.GetAsync($"/api/customers/{number}")).Json();
        Assert.Equal("After Name", customer.GetProperty("legalName").GetString());

        var audit = await (await admin.GetAsync("/api/admin/audit?entity=Customer&take=50")).Json();
        var modified = audit.EnumerateArray().First(a => a.GetProperty("action").GetString() == "Modified" && a.GetProperty("afterJson").GetString()!.Contains("After Name", StringComparison.Ordinal));
        Assert.StartsWith("apikey:test-admin", modified.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Contains("Customer " + number, modified.GetProperty("beforeJson").GetString(), StringComparison.Ordinal);
    }
}
