using System.Net;
using System.Text;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Portal;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// The portal's "dispute an invoice": the buyer's case reaches the collectors, opened as that buyer, on the buyer's own
/// customer only; a bad file is refused and nothing is written; the buyer follows its status.
/// </summary>
public sealed class PortalDisputeTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

    private static async Task<HttpResponseMessage> Dispute(PageSession buyer, string customer, string invoice, string reason, string message, string fileName, byte[] file)
    {
        var url = $"/portal/disputes?c={Uri.EscapeDataString(customer)}";
        var page = await buyer.Client.GetStringAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageSession.Token(page)), "__RequestVerificationToken" },
            { new StringContent(invoice), "invoice" },
            { new StringContent(reason), "reason" },
            { new StringContent(message), "message" },
            { new ByteArrayContent(file), "attachment", fileName },
        };
        return await buyer.Client.PostAsync(url, form);
    }

    private Task<List<DisputeCase>> CasesOf(string customer) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var id = await db.Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync();
        return await db.DisputeCases.AsNoTracking().Include(c => c.Notes).Include(c => c.Attachments).Where(c => c.CustomerId == id).ToListAsync();
    });

    [Fact]
    public async Task A_buyer_disputes_an_invoice_with_a_file_and_the_collectors_see_the_case_opened_as_that_buyer()
    {
        var world = await PortalHttp.World(app);
        var document = await world.Buyer.Client.GetStringAsync($"/portal/documents/{await PortalHttp.EntryId(app, world.OpenInvoice)}");
        Assert.Contains("Dispute this invoice", document, StringComparison.Ordinal);

        var response = await Dispute(world.Buyer, world.Customer, world.OpenInvoice, "damaged", "Two boxes arrived crushed.", "photo.pdf", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var c = Assert.Single(await CasesOf(world.Customer));
        Assert.Equal("portal", c.Source);
        Assert.Equal("user:buyer:" + world.Email, c.OpenedBy);
        var note = Assert.Single(c.Notes);
        Assert.True(note.FromBuyer);
        Assert.Equal("Two boxes arrived crushed.", note.Text);
        Assert.Equal("application/pdf", Assert.Single(c.Attachments).ContentType);
        var audited = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().AnyAsync(a => a.Entity == nameof(DisputeCase) && a.Actor == "user:buyer:" + world.Email));
        Assert.True(audited);

        var staff = await app.ClientAs("Collector");
        var listed = Assert.Single((await staff.Get($"/api/collections/cases?customer={world.Customer}")).EnumerateArray());
        Assert.Equal("damaged", listed.Str("reason"));
        var file = await staff.GetAsync($"/api/collections/cases/{c.Id}/attachments/{c.Attachments[0].Id}");
        Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());

        var page = await world.Buyer.Client.GetStringAsync($"/portal/disputes?c={world.Customer}");
        Assert.Contains("Two boxes arrived crushed.", page, StringComparison.Ordinal);
        Assert.Contains("Open", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Open,", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_is_refused_and_nothing_is_written()
    {
        var world = await PortalHttp.World(app);
        var response = await Dispute(world.Buyer, world.Customer, world.OpenInvoice, "price", "Wrong price.", "price-list.pdf", Encoding.ASCII.GetBytes("MZ\u0090\0this is a program"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await CasesOf(world.Customer));
        var invoice = await (await app.ClientAs("Viewer")).Get($"/api/invoices/{world.OpenInvoice}");
        Assert.False(invoice.GetProperty("disputed").GetBoolean());
        var page = await world.Buyer.Client.GetStringAsync($"/portal/disputes?c={world.Customer}");
        Assert.Contains("Attachment: The file is not one of: PDF, PNG, JPEG, plain text.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_cannot_dispute_another_customers_invoice()
    {
        var mine = await PortalHttp.World(app);
        var theirs = await PortalHttp.World(app);

        var otherCustomer = await mine.Buyer.Client.GetAsync($"/portal/disputes?c={theirs.Customer}");
        Assert.Equal(HttpStatusCode.NotFound, otherCustomer.StatusCode);

        var response = await Dispute(mine.Buyer, mine.Customer, theirs.OpenInvoice, "price", "Not mine, but let us try.", "a.pdf", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await CasesOf(theirs.Customer));
        Assert.Empty(await CasesOf(mine.Customer));
    }
}
