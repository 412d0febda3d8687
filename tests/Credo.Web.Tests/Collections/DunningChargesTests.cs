using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credo.Web.Features.Collections;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// Late fees and statutory interest posted through the ledger when a level says so (once per customer, level and day),
/// shown in the message and on the timeline; letters rendered as PDFs with the seller's letterhead and read back.
/// </summary>
public sealed class DunningChargesTests(CredoApp app) : IClassFixture<CredoApp>
{
    /// <summary>The default policy with interest at the second notice (2.15 % then 4 % from 20 November, + 8 %).</summary>
    private static async Task PublishInterestPolicy(HttpClient manager)
    {
        var current = await manager.Get("/api/collections/policy");
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!;
        definition["levels"]![2]!["chargeInterest"] = true;
        definition["interest"] = JsonNode.Parse("""{ "referenceRates": [ { "from": "2026-01-01", "basisPoints": 215 }, { "from": "2026-11-20", "basisPoints": 400 } ], "marginBasisPoints": 800 }""");
        var response = await manager.PostJson("/api/collections/policy", new { definition, note = "Statutory interest from the second notice" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> Charges(HttpClient client, string customer) =>
        [.. (await client.Get($"/api/customers/{customer}/open-items")).GetProperty("items").EnumerateArray()
            .Where(i => i.Str("number") is { } n && (n.StartsWith("FEE-", StringComparison.Ordinal) || n.StartsWith("INT-", StringComparison.Ordinal)))];

    [Fact]
    public async Task A_level_with_a_fee_and_interest_posts_them_through_the_ledger_once_shows_them_in_the_message_and_on_the_timeline()
    {
        var manager = await app.ClientAs("CreditManager");
        await PublishInterestPolicy(manager);
        var customer = await manager.Debtor();
        await manager.Due(customer, 25); // 400.00 due 5 November: the second notice

        var run = await manager.Run();
        var message = run.GetProperty("plan").MessageFor(customer)!.Value;
        Assert.Equal(3m, message.GetProperty("interest")[0].Dec("value"));
        var email = Assert.Single(await app.EmailsTo(Recipient(customer)));
        Assert.Contains("Late fee: 4.00 USD", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Interest on late payment: 3.00 USD", email.TextBody, StringComparison.Ordinal);

        var charges = await Charges(manager, customer);
        Assert.Equal(
            [($"FEE-20261130-{customer}-second-notice-USD", 4m, "2026-12-14"), ($"INT-20261130-{customer}-second-notice-USD", 3m, "2026-12-14")],
            charges.Select(c => (c.Str("number")!, c.Dec("open"), c.Str("dueOn")!)).OrderBy(c => c.Item1, StringComparer.Ordinal));
        Assert.All(charges, c => Assert.Equal("adjustment", c.Str("kind")!.ToLowerInvariant()));

        var timeline = (await manager.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().ToList();
        var charged = timeline.Where(e => e.Str("what") == "Charged with the second notice").Select(e => e.Str("detail")!).ToList();
        Assert.Equal(2, charged.Count);
        Assert.Contains(charged, d => d.StartsWith("Late fee (Second notice): 4.00 USD posted as FEE-", StringComparison.Ordinal));

        // The same day again, and the next day: nothing is charged twice.
        await manager.Run();
        await manager.Run(AsOf.AddDays(1));
        Assert.Equal(2, (await Charges(manager, customer)).Count);
        Assert.Single(await app.EmailsTo(Recipient(customer)));
    }

    [Fact]
    public async Task A_fee_charge_is_not_itself_charged_a_fee_or_interest_later()
    {
        var manager = await app.ClientAs("CreditManager");
        await PublishInterestPolicy(manager);
        var customer = await manager.Debtor();
        await manager.Due(customer, 25, 4_000m); // a fee of 40.00 and interest of 30.04: above the tolerance, so chased later
        await manager.Run();
        var later = await manager.Preview(AsOf.AddDays(60)); // the fee items are now past the second notice themselves
        var items = later.MessageFor(customer)!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.Str("document")!.StartsWith("FEE-", StringComparison.Ordinal));
        Assert.All(items.Where(i => i.Str("document")!.StartsWith("FEE-", StringComparison.Ordinal) || i.Str("document")!.StartsWith("INT-", StringComparison.Ordinal)), i =>
        {
            Assert.True(!i.TryGetProperty("fee", out var fee) || fee.ValueKind == JsonValueKind.Null);
            Assert.True(!i.TryGetProperty("interest", out var interest) || interest.ValueKind == JsonValueKind.Null);
        });
    }

    [Fact]
    public async Task A_letter_level_renders_a_pdf_with_the_seller_letterhead_stored_as_sent()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await manager.Due(customer, 65); // the final notice: a letter

        var run = await manager.Run();
        Assert.Equal("letter", run.GetProperty("plan").MessageFor(customer)!.Value.Str("channel"));
        var entry = (await manager.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().First(e => e.Str("what") == "Final notice sent by letter");
        var id = entry.GetProperty("messageId").GetInt64();

        var response = await (await app.ClientAs("Viewer")).GetAsync($"/api/collections/messages/{id}/letter");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Test Wholesale Ltd", text, StringComparison.Ordinal);
        Assert.Contains("Debtor " + customer, text, StringComparison.Ordinal);
        Assert.Contains("1 Main St", text, StringComparison.Ordinal);
        Assert.Contains(invoice, text, StringComparison.Ordinal);
        Assert.Contains("Final notice before further action", text, StringComparison.Ordinal);
        Assert.Contains("400.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-30", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/collections/messages/{id}/letter")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/collections/messages/999999999/letter")).StatusCode);
    }

    [Fact]
    public async Task The_letterhead_carries_the_logo_name_and_address_from_settings()
    {
        var logo = Path.Combine(Path.GetTempPath(), $"credo-logo-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(logo, Convert.FromBase64String(OnePixelPng));
        try
        {
            var pdf = await app.InScope(sp =>
            {
                var seller = Options.Create(new SellerOptions { Name = "Harbor & Vine Distributors", Address = "12 Quay Street\nPortsmouth PO1 2AB", ReplyTo = "credit@harborvine.example" });
                var letters = new DunningLetter(seller, Options.Create(new CollectionsOptions { LetterLogoFile = logo }), sp.GetRequiredService<IWebHostEnvironment>());
                return Task.FromResult(letters.Render(new LetterAddress("Pat Payables", "Corner Shop", ["1 Main St", "Town", "US"]), AsOf, "Final notice", "Dear Pat Payables,\n\nINV-1  2026-09-01  90  400.00 USD").Value!);
            });
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            var page = document.GetPage(1);
            Assert.Single(page.GetImages());
            var text = PdfText(pdf);
            foreach (var expected in new[] { "Harbor & Vine Distributors", "12 Quay Street", "Portsmouth PO1 2AB", "credit@harborvine.example", "Corner Shop", "Pat Payables", "INV-1" })
            {
                Assert.Contains(expected, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(logo);
        }
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
