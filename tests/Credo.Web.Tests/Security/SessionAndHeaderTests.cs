using System.Net;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Pages.Account;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>Sessions, sign-in, passwords, emailed links, headers and role checks (issue 12 §3).</summary>
public sealed class SessionAndHeaderTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Sign_out_ends_the_session_on_the_server_so_a_copy_of_the_old_cookie_is_refused()
    {
        var (email, password) = await PageSession.StaffUser(app, "Viewer");
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var signInPage = await Send(client, jar, HttpMethod.Get, "/account/sign-in");
        var signedIn = await Send(client, jar, HttpMethod.Post, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = PageSession.Token(await signInPage.Content.ReadAsStringAsync()) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var stolen = new Dictionary<string, string>(jar, StringComparer.Ordinal);

        var team = await Send(client, jar, HttpMethod.Get, "/team");
        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        var signedOut = await Send(client, jar, HttpMethod.Post, "/account/sign-out", new() { ["__RequestVerificationToken"] = PageSession.Token(await team.Content.ReadAsStringAsync()) });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replayed = await Send(client, stolen, HttpMethod.Get, "/team");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/account/sign-in", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, Dictionary<string, string> jar, HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(kv => kv.Key + "=" + kv.Value)));
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var c in cookies)
            {
                var pair = c.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    jar.Remove(name);
                }
                else
                {
                    jar[name] = value;
                }
            }
        }

        return response;
    }

    [Fact]
    public async Task An_unknown_email_costs_a_password_hash_and_gets_the_same_answer_as_a_wrong_password()
    {
        var hashes = new CountingHasher();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<CreditUser>>(hashes)));
        var (email, _) = await PageSession.StaffUser(app, "Viewer");

        var known = new PageSession(counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var before = hashes.Verified;
        var wrong = await (await known.SignIn(email, "not-the-password-at-all")).Content.ReadAsStringAsync();
        Assert.Equal(1, hashes.Verified - before);

        before = hashes.Verified;
        var unknown = await (await known.SignIn(Http.Unique("nobody") + "@example.test", "not-the-password-at-all")).Content.ReadAsStringAsync();
        Assert.Equal(1, hashes.Verified - before);

        Assert.Contains(SignInModel.WrongCredentials, wrong, StringComparison.Ordinal);
        Assert.Contains(SignInModel.WrongCredentials, unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_are_rate_limited_per_address_and_never_lock_an_admin_out_elsewhere()
    {
        await using var limited = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("SignIn:FailuresPerIp", "20");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new AddressFromHeader()));
        });
        var (admin, password) = await PageSession.StaffUser(app, "Admin");
        var unknown = Http.Unique("ghost") + "@example.test";
        var attacker = Client(limited, "203.0.113.9");
        for (var i = 0; i < 6; i++)
        {
            await attacker.SignIn(admin, "guess-number-" + i);
            await attacker.SignIn(unknown, "guess-number-" + i);
        }

        var knownAnswer = await (await attacker.SignIn(admin, "guess-number-9")).Content.ReadAsStringAsync();
        var unknownAnswer = await (await attacker.SignIn(unknown, "guess-number-9")).Content.ReadAsStringAsync();
        Assert.Contains(SignInModel.TooManyAttempts, knownAnswer, StringComparison.Ordinal);
        Assert.Contains(SignInModel.TooManyAttempts, unknownAnswer, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", knownAnswer, StringComparison.OrdinalIgnoreCase);

        var owner = Client(limited, "198.51.100.7");
        var signedIn = await owner.SignIn(admin, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The address is limited on every account too.
        for (var i = 0; i < 12; i++)
        {
            await attacker.SignIn(Http.Unique("spray") + "@example.test", "guess");
        }

        var (other, otherPassword) = await PageSession.StaffUser(app, "Viewer");
        Assert.Contains(SignInModel.TooManyAttempts, await (await attacker.SignIn(other, otherPassword)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1qaz2wsx3edc", false)]
    [InlineData("qwerty123456", false)]
    [InlineData("correct horse battery staple", true)]
    [InlineData("a long passphrase of sixty four characters or more is welcome here ok", true)]
    public async Task Common_passwords_are_refused_and_long_passphrases_without_composition_rules_allowed(string password, bool accepted)
    {
        var admin = await app.ClientAs("Admin");
        var response = await admin.PostJson("/api/admin/users", new { email = Http.Unique("pw") + "@example.test", password, role = "Viewer" });
        Assert.True(accepted == response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_has_a_content_security_policy_and_frame_protection()
    {
        var session = await PageSession.SignedIn(app, "Viewer");
        foreach (var url in new[] { "/account/sign-in", "/team", "/team/customers", "/team/credit" })
        {
            var response = url.StartsWith("/account", StringComparison.Ordinal) ? await app.Anonymous().GetAsync(url) : await session.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }

        var docs = await app.Anonymous().GetAsync("/api-docs");
        if (docs.StatusCode == HttpStatusCode.Redirect)
        {
            docs = await app.Anonymous().GetAsync(docs.Headers.Location!);
        }

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("Content-Security-Policy", docs.Headers.Select(h => h.Key));
        var html = await docs.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script[^>]+src=\"https?://", html); // the API reference's scripts come from Credo itself
    }

    [Fact]
    public async Task Over_https_the_site_sends_hsts_and_a_secure_antiforgery_cookie()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://credo.test.example") });
        var response = await client.GetAsync("/account/sign-in");
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").Where(c => c.Contains("Antiforgery", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_import_api_refuses_a_cookie_caller_without_the_antiforgery_token_but_not_an_api_key()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        using var form = new MultipartFormDataContent { { new StringContent("number,name\n", Encoding.UTF8, "text/csv"), "file", "c.csv" } };
        var cookieOnly = await session.Client.PostAsync("/api/imports/customers", form);
        await cookieOnly.AssertProblem(400, "antiforgery");

        var keyed = await app.ClientAs("CreditManager");
        using var form2 = new MultipartFormDataContent { { new StringContent("number,name\n", Encoding.UTF8, "text/csv"), "file", "c.csv" } };
        var byKey = await keyed.PostAsync("/api/imports/customers", form2);
        Assert.NotEqual(HttpStatusCode.BadRequest == byKey.StatusCode ? "antiforgery" : "", await ProblemType(byKey));
    }

    [Fact]
    public async Task Undoing_an_allocation_is_a_correction_not_for_collectors()
    {
        var collector = await app.ClientAs("Collector");
        var response = await collector.PostJson("/api/allocations/1/reversal", new { reason = "test" }, idempotencyKey: Http.Unique("K"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_policy_pages_validate_action_needs_the_write_role()
    {
        var analyst = await PageSession.SignedIn(app, "CreditAnalyst");
        var response = await analyst.PostForm("/team/policies/1?handler=Validate", new() { ["Definition"] = "{}" }, tokenFrom: "/team");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_emailed_resume_link_uses_the_public_base_url_not_the_requests_host()
    {
        var forged = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://attacker.example") });
        var applicant = new Credo.Web.Tests.ApplicationForms.Applicant(app, forged);
        var html = await forged.GetStringAsync("/apply/trade-credit");
        Assert.Contains("Test Wholesale Ltd", html, StringComparison.Ordinal); // the public page names the seller
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Start()).StatusCode);

        var body = await app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Outbox.Where(m => m.Topic == OutboxEmail.Topic.Name).AsEnumerable()
            .Select(OutboxEmail.Read).Last(e => e!.To == applicant.Email)!.TextBody));
        Assert.Contains("https://credo.test.example/apply/trade-credit/resume/", body, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", body, StringComparison.Ordinal);
    }

    private static async Task<string> ProblemType(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Contains("problems/antiforgery", StringComparison.Ordinal) ? "antiforgery" : "other";
    }

    private static PageSession Client(WebApplicationFactory<Program> factory, string ip)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(AddressFromHeader.Header, ip);
        return new PageSession(client);
    }

    /// <summary>Test clients all come from one address; this lets a test say which.</summary>
    private sealed class AddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) =>
            {
                if (ctx.Request.Headers.TryGetValue(Header, out var ip))
                {
                    ctx.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                }

                return n(ctx);
            });
            next(app);
        };
    }

    private sealed class CountingHasher : IPasswordHasher<CreditUser>
    {
        private readonly PasswordHasher<CreditUser> _inner = new();
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public string HashPassword(CreditUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CreditUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>Every email says who is writing: the seller's name as sender and its name and address as signature.</summary>
public sealed class SellerOnEmailTests
{
    [Fact]
    public void An_email_is_sent_in_the_sellers_name_and_signed_with_its_address()
    {
        var seller = new SellerOptions { Name = "Harbor & Vine", Address = "1 Quay Street\nPortsmouth", ReplyTo = "Credit team <credit@harbor.example>", PublicBaseUrl = "https://x.example" };
        var message = EmailDelivery.ToMime(new OutboxEmail("buyer@example.test", "Hello", "Body text.", "test"), 7, "Credo <no-reply@credo.local>", seller);
        Assert.Equal("Harbor & Vine", ((MimeKit.MailboxAddress)message.From[0]).Name);
        Assert.Equal("credit@harbor.example", ((MimeKit.MailboxAddress)message.ReplyTo[0]).Address);
        Assert.Contains("Harbor & Vine", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("1 Quay Street", message.TextBody, StringComparison.Ordinal);
    }
}
