using Credo.Domain.Applications;
using System.Net.Http.Json;
using System.Text.Json;
using Credo.Domain.Fraud;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Evidence;

/// <summary>Each fraud check raised and clear against data the test seeds, and the fact it becomes (absent when it cannot run).</summary>
public sealed class FraudTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static FraudSignal Signal(ApplicationEvidence e, string code) => Assert.Single(e.FraudSignals, s => s.Code == code);

    [Fact]
    public async Task A_tax_id_held_by_a_differently_named_customer_is_raised_but_not_for_the_same_name()
    {
        var taxId = EvidenceDriver.TaxId();
        await app.Customer("Original Holder Ltd", taxId: taxId);

        var same = await app.Services.Gather(await app.Services.Application(legalName: "ORIGINAL HOLDER LIMITED", taxId: taxId));
        var other = await app.Services.Gather(await app.Services.Application(legalName: "Somebody Else plc", taxId: taxId));

        Assert.True(other.Facts.Flag("fraudSharedIdentifier"));
        Assert.Contains(Signal(other, SharedIdentifiers.Code).Evidence, e => e.Contains("Original Holder Ltd", StringComparison.Ordinal));
        Assert.False(same.Facts.Flag("fraudSharedIdentifier"));
    }

    [Fact]
    public async Task A_phone_address_or_bank_account_given_by_an_earlier_application_under_another_name_is_raised()
    {
        var account = "GB" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);
        var street = $"{Random.Shared.Next(1, 9999)} Fraud Street";
        var answers = JsonSerializer.Serialize(new { bankAccount = account, billingAddress = new { line1 = street, city = "London", postalCode = "E1 6AN", country = "GB" } });
        var first = await app.Services.Application(legalName: "First Shell Ltd", answersJson: answers);
        await app.Services.Gather(first);

        var second = await app.Services.Gather(await app.Services.Application(legalName: "Second Shell Ltd", answersJson: answers));
        var unrelated = await app.Services.Gather(await app.Services.Application(legalName: "Unrelated Ltd", answersJson: JsonSerializer.Serialize(new { bankAccount = account + "9" })));

        var evidence = Signal(second, SharedIdentifiers.Code).Evidence;
        Assert.True(second.Facts.Flag("fraudSharedIdentifier"));
        Assert.Contains(evidence, e => e.StartsWith("BankAccount", StringComparison.Ordinal) && e.Contains(first.Reference, StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.StartsWith("Address", StringComparison.Ordinal));
        Assert.False(unrelated.Facts.Flag("fraudSharedIdentifier"));
    }

    [Theory]
    [InlineData("buyer@gmail.com", "https://www.shop.example", true, null)]
    [InlineData("buyer@shop.example", "https://www.shop.example", false, false)]
    [InlineData("buyer@other.example", "shop.example", false, true)]
    [InlineData("buyer@gmail.com", null, null, null)]
    public async Task Email_against_website(string email, string? website, bool? freeMail, bool? mismatch)
    {
        var evidence = await app.Services.Gather(await app.Services.Application(email: email, website: website));
        Assert.Equal(freeMail, evidence.Facts.Flag("fraudFreeMailWithWebsite"));
        Assert.Equal(mismatch, evidence.Facts.Flag("fraudEmailDomainMismatch"));
    }

    [Fact]
    public async Task A_name_like_an_existing_customers_is_raised_and_a_different_one_is_clear()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        await app.Customer($"Zephyrine {unique} Traders Ltd");

        var alike = await app.Services.Gather(await app.Services.Application(legalName: $"Zephyrine {unique} Trader LLC"));
        var different = await app.Services.Gather(await app.Services.Application(legalName: $"Quortex {unique[..4]} Logistics"));

        Assert.True(alike.Facts.Flag("fraudSimilarName"));
        Assert.Contains(Signal(alike, SimilarNames.Code).Evidence, e => e.Contains($"zephyrine {unique} traders", StringComparison.Ordinal));
        Assert.False(different.Facts.Flag("fraudSimilarName"));
    }

    [Fact]
    public async Task A_customer_renamed_after_the_book_was_loaded_is_matched_by_its_new_name_only()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var customerId = await app.Customer($"Oldname {unique} Ltd");
        await app.Services.Gather(await app.Services.Application(legalName: "Loads The Book Ltd"));
        var number = await app.Services.Db(db => db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync());
        var manager = await app.ClientAs("CreditManager");
        var renamed = await manager.PutAsJsonAsync($"/api/customers/{number}", new { number, legalName = $"Brandnew {unique} Ltd", currency = "GBP", terms = "NET30", version = 0 }, CredoApp.Json);
        Assert.True(renamed.IsSuccessStatusCode, await renamed.Content.ReadAsStringAsync());

        var newName = await app.Services.Gather(await app.Services.Application(legalName: $"Brandnew {unique} Limited"));
        var oldName = await app.Services.Gather(await app.Services.Application(legalName: $"Oldname {unique} Limited"));

        Assert.True(newName.Facts.Flag("fraudSimilarName"));
        Assert.False(oldName.Facts.Flag("fraudSimilarName"));
    }

    [Fact]
    public async Task A_customer_applying_for_more_does_not_look_like_itself()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var customerId = await app.Customer($"Selfsame {unique} Ltd");
        var evidence = await app.Services.Gather(await app.Services.Application(legalName: $"Selfsame {unique} Ltd", customerId: customerId));
        Assert.False(evidence.Facts.Flag("fraudSimilarName"));
    }

    [Fact]
    public async Task A_customer_shares_identifiers_with_its_own_corporate_group_without_a_signal_but_not_with_strangers()
    {
        var phone = "+44 20 7946 " + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var manager = await app.ClientAs("CreditManager");
        async Task<string> Group(string name, string? parent)
        {
            var code = Http.Unique("G");
            var created = await app.InScope(sp => sp.GetRequiredService<Credo.Web.Features.Customers.Groups>().Create(new Credo.Web.Features.Customers.GroupRequest(code, name, parent), CancellationToken.None));
            Assert.True(created.IsOk, created.Error?.Message);
            return code;
        }

        async Task<long> Customer(string legalName, string? groupCode)
        {
            var number = Http.Unique("C");
            var response = await manager.PostJson("/api/customers", new { number, legalName, phone, currency = "GBP", terms = "NET30", groupCode });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return await app.Services.Db(db => db.Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
        }

        // A chain: the holding, two regional companies under it, one store in each, all on the head office's phone.
        var holding = await Group("Brightmart Holdings", null);
        var north = await Customer("Brightmart North Ltd", await Group("Brightmart North", holding));
        await Customer("Brightmart South Ltd", await Group("Brightmart South", holding));
        var review = await app.Services.Gather(await app.Services.Application(legalName: "Brightmart North Ltd", phone: phone, customerId: north));
        Assert.False(review.Facts.Flag("fraudSharedIdentifier"));

        // Someone outside the group on the same number is still a signal, for the group's customers and for a newcomer.
        await Customer("Unrelated Traders Ltd", null);
        var again = await app.Services.Gather(await app.Services.Application(legalName: "Brightmart North Ltd", phone: phone, customerId: north));
        Assert.True(again.Facts.Flag("fraudSharedIdentifier"));
        Assert.Contains(Signal(again, SharedIdentifiers.Code).Evidence, e => e.Contains("Unrelated Traders Ltd", StringComparison.Ordinal));
        Assert.DoesNotContain(Signal(again, SharedIdentifiers.Code).Evidence, e => e.Contains("Brightmart South", StringComparison.Ordinal));
        var newcomer = await app.Services.Gather(await app.Services.Application(legalName: "Fresh Face Ltd", phone: phone));
        Assert.Contains(Signal(newcomer, SharedIdentifiers.Code).Evidence, e => e.Contains("Brightmart South Ltd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DE136308783", "GB", false)]
    [InlineData("DE136308784", "GB", true)]
    [InlineData("DE12", "GB", true)]
    [InlineData("12-3456789", "US", false)]
    [InlineData("07-1234567", "US", true)]
    [InlineData("ABC/123", "ZA", true)] // two letters: read as a VAT prefix, unknown
    [InlineData(null, "GB", null)]
    public async Task Tax_id_format_and_check_digits(string? taxId, string country, bool? invalid)
    {
        var evidence = await app.Services.Gather(await app.Services.Application(taxId: taxId, country: country));
        Assert.Equal(invalid, evidence.Facts.Flag("fraudTaxIdInvalid"));
    }

    [Theory]
    [InlineData("Manchester", false)] // about 260 km from London
    [InlineData("Edinburgh", true)] // about 530 km
    [InlineData("Little Snoring", null)] // not in the bundled table: not run
    public async Task Shipping_far_from_the_registered_address(string shippingCity, bool? far)
    {
        var answers = JsonSerializer.Serialize(new
        {
            billingAddress = new { line1 = "1 High St", city = "London", postalCode = "EC1A 1BB", country = "GB" },
            shippingAddress = new { line1 = "2 Dock Rd", city = shippingCity, postalCode = "X1 1XX", country = "GB" },
        });
        var evidence = await app.Services.Gather(await app.Services.Application(answersJson: answers));
        Assert.Equal(far, evidence.Facts.Flag("fraudShippingFar"));
    }

    [Fact]
    public async Task Several_applications_from_one_ip_within_the_window_raise_velocity_and_older_ones_do_not()
    {
        var ip = $"203.0.113.{Random.Shared.Next(1, 250)}-{Guid.NewGuid():N}"[..40];
        var now = app.Now.UtcDateTime;
        await app.Services.Application(email: Http.Unique("v") + "@a.example", ip: ip, submittedAtUtc: now.AddHours(-30));
        await app.Services.Application(email: Http.Unique("v") + "@a.example", ip: ip, submittedAtUtc: now.AddHours(-2));
        var second = await app.Services.Application(email: Http.Unique("v") + "@a.example", ip: ip, submittedAtUtc: now.AddHours(-1));
        var third = await app.Services.Application(email: Http.Unique("v") + "@a.example", ip: ip, submittedAtUtc: now);

        var atSecond = await app.Services.Gather(second);
        var atThird = await app.Services.Gather(third);

        Assert.False(atSecond.Facts.Flag("fraudVelocity"));
        Assert.True(atThird.Facts.Flag("fraudVelocity"));
        Assert.Contains(Signal(atThird, ApplicationVelocity.Code).Evidence, e => e.StartsWith("3 applications from ip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signals_raised_are_counted_and_checks_that_could_not_run_are_absent()
    {
        var evidence = await app.Services.Gather(await app.Services.Application(legalName: null, email: "x@gmail.com", website: "https://acme-widgets.example", taxId: "DE136308784"));

        Assert.Equal(2m, evidence.Facts.Number("fraudSignalsRaised")); // free-mail with website, tax id
        Assert.False(evidence.Facts.Has("fraudSimilarName"));
        Assert.False(evidence.Facts.Has("fraudSharedIdentifier"));
        Assert.False(evidence.Facts.Has("fraudShippingFar"));
        Assert.Equal(SignalOutcome.NotApplicable, Signal(evidence, SimilarNames.Code).Outcome);
    }

    [Fact]
    public async Task The_fraud_signals_endpoint_shows_each_signal_with_its_evidence_and_fact()
    {
        var application = await app.Services.Application(email: "x@gmail.com", website: "https://acme.example");
        var viewer = await app.ClientAs("Viewer");
        var body = await (await viewer.GetAsync($"/api/evidence/applications/{application.Reference}/fraud-signals")).Read<JsonElement>();
        var freeMail = body.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("code").GetString() == EmailDomains.FreeMailCode);
        Assert.Equal("Raised", freeMail.GetProperty("outcome").GetString());
        Assert.Equal("fraudFreeMailWithWebsite", freeMail.GetProperty("fact").GetString());
        await (await viewer.GetAsync("/api/evidence/applications/APP-NONE/fraud-signals")).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task The_bust_out_watch_flags_a_new_account_that_rushed_to_its_limit()
    {
        var manager = await app.ClientAs("CreditManager");
        var rushed = await ApprovedAccount(manager, invoiced: 9_000m);
        var calm = await ApprovedAccount(manager, invoiced: 2_000m);

        var flagged = await (await manager.GetAsync("/api/evidence/bust-out-watch")).Read<JsonElement>();
        var all = await (await manager.GetAsync("/api/evidence/bust-out-watch?all=true")).Read<JsonElement>();

        Assert.Contains(flagged.EnumerateArray(), a => a.GetProperty("customer").GetString() == rushed);
        Assert.DoesNotContain(flagged.EnumerateArray(), a => a.GetProperty("customer").GetString() == calm);
        Assert.Equal("Clear", all.EnumerateArray().Single(a => a.GetProperty("customer").GetString() == calm).GetProperty("outcome").GetString());
    }

    private async Task<string> ApprovedAccount(HttpClient manager, decimal invoiced)
    {
        var customerId = await app.Customer("Probation " + Guid.NewGuid().ToString("N")[..6], currency: "USD");
        var number = await app.Services.Db(db => db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync());
        var line = await manager.PutAsJsonAsync($"/api/credit-lines/customer/{number}", new { limit = 10_000m, currency = "USD", reason = "approved" }, CredoApp.Json);
        Assert.True(line.IsSuccessStatusCode, await line.Content.ReadAsStringAsync());
        await app.Services.Application(customerId: customerId, status: ApplicationStatus.Approved, decidedAtUtc: app.Now.UtcDateTime.AddDays(-5), currency: "USD");
        var today = app.Today;
        await manager.Invoice(number, Http.Unique("INV"), invoiced, issueDate: today.AddDays(-2).ToString("yyyy-MM-dd"), dueDate: today.AddDays(28).ToString("yyyy-MM-dd"));
        return number;
    }
}
