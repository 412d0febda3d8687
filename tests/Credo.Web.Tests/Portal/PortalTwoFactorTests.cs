using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16 §1: the optional TOTP second factor. The test computes codes from the key the page shows, on the test
/// clock, with its own RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits) rather than the app's library.
/// </summary>
public sealed partial class PortalTwoFactorTests(PaymentsApp fixture) : IClassFixture<PaymentsApp>
{
    private readonly CredoApp app = fixture.App;
    private readonly ManualClock _clock = fixture.Clock;

    private PageSession NewSession() => new(fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A buyer signed in on the clocked host, and their customer and email.</summary>
    private async Task<(PageSession Buyer, string Customer, string Email)> Buyer()
    {
        var staff = await app.ClientAs("Admin");
        var email = Http.Unique("totp") + "@buyer.example";
        var customer = await staff.NewCustomer(email);
        var token = await staff.Invite(app, customer, email);
        var buyer = NewSession();
        var accepted = await buyer.PostForm("/portal/invitation/" + token, new() { ["Password"] = PortalWorld.Password, ["Confirm"] = PortalWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return (buyer, customer, email);
    }

    /// <summary>RFC 6238 at the test clock's now (+ <paramref name="steps"/> steps).</summary>
    private string Code(string key, int steps = 0)
    {
        var counter = (_clock.GetUtcNow().ToUnixTimeSeconds() / 30) + steps;
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 as authenticator apps compute it: HMAC-SHA1
        var hash = HMACSHA1.HashData(Base32(key), message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string key)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(key.ToUpperInvariant().Select(c => Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }

    private async Task<(string Key, List<string> RecoveryCodes)> Enrol(PageSession buyer, string customer)
    {
        var page = await buyer.Client.GetStringAsync("/portal/security?c=" + customer);
        Assert.Contains("<svg", page, StringComparison.Ordinal); // the QR code
        var key = KeyShown().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal(32, key.Length);
        var url = $"/portal/security?c={customer}&handler=Enable";
        var wrong = await buyer.PostForm(url, new() { ["Code"] = "000000" }, tokenFrom: "/portal/security?c=" + customer);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"code-error\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var enabled = await buyer.PostForm(url, new() { ["Code"] = Code(key) }, tokenFrom: "/portal/security?c=" + customer);
        var html = await enabled.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = RecoveryCode().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    private async Task<HttpResponseMessage> Password(PageSession session, string email) =>
        await session.PostForm("/portal/sign-in", new() { ["Email"] = email, ["Password"] = PortalWorld.Password, ["ReturnUrl"] = "" });

    private static async Task<HttpResponseMessage> EnterCode(PageSession session, string code) =>
        await session.PostForm("/portal/sign-in/code", new() { ["Code"] = code, ["ReturnUrl"] = "/portal/invoices" });

    [Fact]
    public async Task A_buyer_enrols_with_the_key_shown_and_sign_in_then_asks_for_a_code_used_once()
    {
        var (buyer, customer, email) = await Buyer();
        var (key, _) = await Enrol(buyer, customer);

        var session = NewSession();
        var password = await Password(session, email);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/portal/sign-in/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Client.GetAsync("/portal")).StatusCode); // not signed in yet
        var replayed = await EnterCode(session, Code(key)); // the code that enrolled, in the same 30 seconds
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var signedIn = await EnterCode(session, Code(key));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/portal/invoices", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/portal")).StatusCode);

        var audit = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking()
            .Where(a => a.Entity == "BuyerUser" && a.Action == "two-factor-on").Select(a => a.Actor).ToListAsync());
        Assert.Contains("user:buyer:" + email, audit);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_a_late_or_wrong_code_is_refused_up_to_the_lockout()
    {
        var (buyer, customer, email) = await Buyer();
        var (key, recovery) = await Enrol(buyer, customer);

        var first = NewSession();
        await Password(first, email);
        Assert.Equal(HttpStatusCode.Redirect, (await EnterCode(first, recovery[3].ToLowerInvariant())).StatusCode);
        var second = NewSession();
        await Password(second, email);
        Assert.Equal(HttpStatusCode.BadRequest, (await EnterCode(second, recovery[3])).StatusCode); // spent

        var late = NewSession();
        await Password(late, email);
        _clock.Advance(TimeSpan.FromMinutes(6));
        var tooLate = await EnterCode(late, Code(key));
        Assert.Contains("took too long", await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var guesser = NewSession();
        await Password(guesser, email);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await EnterCode(guesser, "123456" == Code(key) ? "654321" : "123456");
        }

        Assert.Contains("locked", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await EnterCode(guesser, Code(key, 1))).StatusCode); // even the right code, while locked
    }

    [Fact]
    public async Task Turning_it_off_needs_a_code_and_the_page_is_only_the_buyers_own()
    {
        var (buyer, customer, email) = await Buyer();
        var (key, _) = await Enrol(buyer, customer);
        var url = $"/portal/security?c={customer}&handler=Disable";
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.PostForm(url, new() { ["Code"] = "111111" }, tokenFrom: "/portal/security?c=" + customer)).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostForm(url, new() { ["Code"] = Code(key) }, tokenFrom: "/portal/security?c=" + customer)).StatusCode);
        var session = NewSession();
        Assert.Equal("/portal", (await Password(session, email)).Headers.Location!.OriginalString); // no code asked any more

        var (other, otherCustomer, _) = await Buyer();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync("/portal/security?c=" + customer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/portal/security?c=" + otherCustomer)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await NewSession().Client.GetAsync("/portal/security?c=" + customer)).StatusCode); // signed out: to sign-in
        var noToken = await buyer.Client.PostAsync(url, new FormUrlEncodedContent([new("Code", "123456")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode); // antiforgery
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyShown();

    [GeneratedRegex("<li><code>([A-Z2-9]{5}-[A-Z2-9]{5})</code></li>")]
    private static partial Regex RecoveryCode();
}
