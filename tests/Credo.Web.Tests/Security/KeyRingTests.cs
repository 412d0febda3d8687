using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Security;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery) is stored in the database sealed with the master key
/// kept outside it (ADR 0017): instances given the same master key share sign-ins; rows stored in clear before still load.
/// Each test has its own database: the key ring is the subject.
/// </summary>
public sealed class KeyRingTests
{
    private const string ClearKeyWarning = "No XML encryptor configured";

    [Fact]
    public async Task Stored_keys_hold_no_master_key_in_clear_and_no_warning_is_logged()
    {
        await using var app = new CredoApp();
        var logs = new CapturedLogs();
        await using var instance = Instance(app, NewMasterKey(), logs);

        await SignIn(instance);

        var rows = await KeyRows(instance);
        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.DoesNotContain("<masterKey", row.Xml, StringComparison.Ordinal);
            Assert.Contains("<encryptedSecret decryptorType=\"" + typeof(KeyRingXmlDecryptor).FullName, row.Xml, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(logs.Messages, m => m.Contains(ClearKeyWarning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_with_the_same_master_key_only()
    {
        await using var app = new CredoApp();
        var masterKey = NewMasterKey();
        await using var first = Instance(app, masterKey);
        await using var second = Instance(app, masterKey);
        await using var stranger = Instance(app, NewMasterKey());

        var cookie = await SignIn(first);

        Assert.Equal(HttpStatusCode.OK, (await GetTeamPage(first, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetTeamPage(second, cookie)).StatusCode);
        // Another master key cannot open the stored key, so the cookie is not proof of anything there.
        var refused = await GetTeamPage(stranger, cookie);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/sign-in", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_stored_in_clear_before_still_decrypts_its_cookies()
    {
        await using var app = new CredoApp();
        var masterKey = NewMasterKey();
        var oldLogs = new CapturedLogs();
        var newLogs = new CapturedLogs();
        // The release before: no XML encryptor, so Data Protection writes the key in clear (and warns).
        await using var before = Instance(app, masterKey, oldLogs, s =>
        {
            s.PostConfigure<KeyManagementOptions>(o => o.XmlEncryptor = null);
            s.Remove(s.Single(d => d.ImplementationType == typeof(SupersedeClearKey)));
        });
        var cookie = await SignIn(before);
        var legacy = Assert.Single(await KeyRows(before));
        Assert.Contains("<masterKey", legacy.Xml, StringComparison.Ordinal);
        Assert.DoesNotContain("encryptedSecret", legacy.Xml, StringComparison.Ordinal);
        Assert.Contains(oldLogs.Messages, m => m.Contains(ClearKeyWarning, StringComparison.Ordinal));

        await using var after = Instance(app, masterKey, newLogs);

        Assert.Equal(HttpStatusCode.OK, (await GetTeamPage(after, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetTeamPage(after, await SignIn(after))).StatusCode);
        Assert.DoesNotContain(newLogs.Messages, m => m.Contains(ClearKeyWarning, StringComparison.Ordinal));
        // The clear key stays (its cookies still open); a sealed successor takes over after the propagation window.
        var rows = await KeyRows(after);
        Assert.Equal(2, rows.Count);
        var successor = XElement.Parse(rows.Single(r => r.Id != legacy.Id).Xml!);
        Assert.Contains(successor.Descendants(), e => e.Name.LocalName == "encryptedSecret");
        var activation = DateTimeOffset.Parse(successor.Element("activationDate")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(activation - after.Services.GetRequiredService<TimeProvider>().GetUtcNow(), SupersedeClearKey.PropagationWindow - TimeSpan.FromMinutes(5), SupersedeClearKey.PropagationWindow);
        await using var restarted = Instance(app, masterKey);
        Assert.Equal(HttpStatusCode.OK, (await GetTeamPage(restarted, cookie)).StatusCode);
        Assert.Equal(2, (await KeyRows(restarted)).Count); // a successor is on its way: no second one
    }

    private static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Another app instance on <paramref name="app"/>'s database, given its master key by configuration.</summary>
    private static WebApplicationFactory<Program> Instance(CredoApp app, string masterKey, CapturedLogs? logs = null, Action<IServiceCollection>? services = null) =>
        app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Applications:ProtectionKey", masterKey);
            if (logs is not null)
            {
                b.ConfigureLogging(l => l.AddProvider(logs));
            }

            if (services is not null)
            {
                b.ConfigureTestServices(services);
            }
        });

    /// <summary>Signs a new Viewer in through the sign-in form; returns the auth cookie as a Cookie header value.</summary>
    private static async Task<string> SignIn(WebApplicationFactory<Program> instance)
    {
        var email = $"{Http.Unique("viewer")}@example.test";
        using (var scope = instance.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var user = new CreditUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true };
            var created = await sp.GetRequiredService<UserManager<CreditUser>>().CreateAsync(user, PageSession.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            var roleId = (await sp.GetRequiredService<RoleManager<IdentityRole>>().FindByNameAsync("Viewer"))!.Id;
            await sp.GetRequiredService<CreditDb>().Database.ExecuteSqlAsync(
                $"INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") VALUES ({user.Id}, {roleId})");
        }

        var session = new PageSession(instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await session.SignIn(email, PageSession.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("credo.auth", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies);
    }

    private static async Task<HttpResponseMessage> GetTeamPage(WebApplicationFactory<Program> instance, string cookie)
    {
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/team");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static async Task<List<DataProtectionKey>> KeyRows(WebApplicationFactory<Program> instance)
    {
        using var scope = instance.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().DataProtectionKeys.AsNoTracking().ToListAsync();
    }
}
