using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>A customer with a credit line, two invoices (one overdue) and a payment, and a buyer invited to it and signed in.</summary>
internal sealed record PortalWorld(string Customer, string Name, string Email, string OpenInvoice, string PaidInvoice, string Payment, PageSession Buyer, string Cookie)
{
    public const string Password = "Buyer-password-42";
}

internal static partial class PortalHttp
{
    public static async Task<string> NewCustomer(this HttpClient staff, string email)
    {
        var number = Http.Unique("PC");
        var response = await staff.PostJson("/api/customers", new
        {
            number,
            legalName = "Buyer Co " + number,
            currency = "USD",
            terms = "NET30",
            contacts = new[] { new { name = "Accounts payable", email } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return number;
    }

    public static async Task<string> Invite(this HttpClient staff, CredoApp app, string customer, string email, string role = "view")
    {
        var response = await staff.PostJson("/api/portal/invitations", new { customer, email, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mail = await app.InScope(async sp =>
            (await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).OrderByDescending(m => m.Id).ToListAsync())
                .Select(OutboxEmail.Read).OfType<OutboxEmail>().First(e => e.To == email));
        return LinkPattern().Match(mail.TextBody) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No invitation link: " + mail.TextBody);
    }

    public static async Task<PageSession> Accept(CredoApp app, string token, string password = PortalWorld.Password) =>
        (await AcceptWithCookie(app, token, password)).Session;

    /// <summary>A cookie-keeping client: in memory, or over loopback to <paramref name="server"/> (browser tests run Kestrel).</summary>
    private static HttpClient NewClient(CredoApp app, Uri? server) =>
        server is null
            ? PageSession.NewClient(app)
            : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = server };

    private static async Task<HttpClient> Staff(CredoApp app, Uri? server)
    {
        if (server is null)
        {
            return await app.ClientAs("Admin");
        }

        var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("Admin"));
        client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Accepts, and returns the buyer cookie as a Cookie header value (to replay it from another client).</summary>
    public static async Task<(PageSession Session, string Cookie)> AcceptWithCookie(CredoApp app, string token, string password = PortalWorld.Password, Uri? server = null)
    {
        var session = new PageSession(NewClient(app, server));
        var response = await session.PostForm("/portal/invitation/" + token, new() { ["Password"] = password, ["Confirm"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("credo.buyer=", StringComparison.Ordinal));
        Assert.Contains("path=/portal", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        return (session, cookie.Split(';')[0]);
    }

    public static async Task<PortalWorld> World(CredoApp app, Uri? server = null, string role = "view")
    {
        var staff = await Staff(app, server);
        var email = Http.Unique("buyer") + "@buyer.example";
        var customer = await staff.NewCustomer(email);
        await (await staff.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { limit = 5_000m, currency = "USD", reason = "opening line" }, CredoApp.Json)).Content.ReadAsStringAsync();
        var open = Http.Unique("INV");
        var paid = Http.Unique("INV");
        var payment = Http.Unique("PAY");
        await staff.Invoice(customer, open, 1_200m, issueDate: "2026-01-10", dueDate: "2026-02-09");
        await staff.Invoice(customer, paid, 300m, issueDate: "2026-01-05", dueDate: "2026-02-04");
        await staff.Payment(customer, payment, 300m, allocations: [new { invoiceNumber = paid, amount = 300m }], autoAllocate: false);
        var token = await staff.Invite(app, customer, email, role);
        var (buyer, cookie) = await AcceptWithCookie(app, token, server: server);
        return new PortalWorld(customer, "Buyer Co " + customer, email, open, paid, payment, buyer, cookie);
    }

    /// <summary>Posts a portal form (repeated names allowed) with the antiforgery token of the page at <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> Post(this PageSession session, string url, params (string Name, string Value)[] fields)
    {
        var token = PageSession.Token(await session.Client.GetStringAsync(url));
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await session.Client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The buyer audit rows of <paramref name="world"/>'s buyer: action and what was sent.</summary>
    public static async Task<List<(string Action, string Customer, string? What)>> BuyerAudit(CredoApp app, PortalWorld world) =>
        [.. (await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking()
                .Where(a => a.Entity == "BuyerAction" && a.Actor == "user:buyer:" + world.Email).OrderBy(a => a.Id)
                .Select(a => new { a.Action, a.EntityId, a.AfterJson }).ToListAsync()))
            .Select(a => (a.Action, a.EntityId, a.AfterJson))];

    public static Task<List<OutboxEmail>> EmailsTo(CredoApp app, string email) => app.InScope(async sp =>
        (await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).OrderBy(m => m.Id).ToListAsync())
            .Select(OutboxEmail.Read).OfType<OutboxEmail>().Where(e => e.To == email).ToList());

    public static async Task<long> EntryId(CredoApp app, string document) =>
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.Where(e => e.Document == document).Select(e => e.Id).SingleAsync());

    /// <summary>A bank-transfer payment request of the world's open invoice, written directly (the plain app has no way to pay switched on).</summary>
    public static async Task<long> BankTransferRequest(CredoApp app, PortalWorld world) =>
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var invoice = await db.Entries.SingleAsync(e => e.Document == world.OpenInvoice);
            var buyer = await db.BuyerUsers.SingleAsync(u => u.Email == world.Email);
            var request = new PaymentRequest
            {
                CustomerId = invoice.CustomerId, BuyerUserId = buyer.Id, Method = PortalPaymentMethod.BankTransfer, Currency = invoice.Currency,
                AmountMinor = invoice.OpenMinor, Status = Credo.Domain.Portal.PaymentRequestStatus.Requested, CreatedAtUtc = db.UtcNow,
            };
            db.PaymentRequests.Add(request);
            await db.SaveChangesAsync();
            request.Reference = Credo.Domain.Portal.PaymentReference.For(request.Id);
            db.PaymentRequestItems.Add(new PaymentRequestItem { RequestId = request.Id, InvoiceId = invoice.Id, InvoiceNumber = world.OpenInvoice, AmountMinor = invoice.OpenMinor });
            await db.SaveChangesAsync();
            return request.Id;
        });

    [GeneratedRegex(@"https://credo\.test\.example/portal/invitation/(\S+)")]
    private static partial Regex LinkPattern();
}
