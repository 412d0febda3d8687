using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>
/// An applicant's browser, through HTTP: its own cookies, the antiforgery token read from each page, form posts
/// as a browser makes them. Reads the emailed code and link from the outbox.
/// </summary>
internal sealed partial class Applicant(WebApplicationFactory<Program> app, HttpClient client, string templateKey = "trade-credit")
{
    public HttpClient Client { get; } = client;

    public string FormUrl => $"/apply/{templateKey}/form";

    public static Applicant Open(WebApplicationFactory<Program> app, string templateKey = "trade-credit") =>
        new(app, app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), templateKey);

    public string Email { get; private set; } = string.Empty;

    /// <summary>Reads the antiforgery token from a page.</summary>
    public async Task<string> Token(string url)
    {
        var page = await Client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)page.StatusCode}");
        return AntiforgeryInput().Match(html).Groups[1].Value;
    }

    public async Task<HttpResponseMessage> Start(string? email = null)
    {
        Email = email ?? $"{Guid.NewGuid():N}@applicant.example";
        var token = await Token($"/apply/{templateKey}");
        return await Client.PostAsync($"/apply/{templateKey}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Email,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The started email in the outbox: its code and its resume link (path and query).</summary>
    public async Task<(string Code, string Link)> StartedEmail()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).ToListAsync();
        var email = rows.Select(OutboxEmail.Read).Single(e => e!.To == Email && e.Tag == "application-started")!;
        var code = CodeLine().Match(email.TextBody).Groups[1].Value;
        var link = new Uri(LinkLine().Match(email.TextBody).Groups[1].Value).PathAndQuery;
        return (code, link);
    }

    public async Task<HttpResponseMessage> Post(string handler, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken)
        {
            // The start page always has a form (a submitted application's page has none); tokens hold for the whole site.
            all.Add(new("__RequestVerificationToken", await Token($"/apply/{templateKey}")));
        }

        return await Client.PostAsync($"{FormUrl}?handler={handler}", new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> Save(JsonObject answers) => Post("Save", Fields(answers));

    public Task<HttpResponseMessage> Verify(string code) => Post("Verify", [new("code", code)]);

    public Task<HttpResponseMessage> Submit(JsonObject answers, string? signedName, bool consent) =>
        Post("Submit", [.. Fields(answers), new("signedName", signedName ?? string.Empty), .. consent ? new[] { new KeyValuePair<string, string>("consent", "true") } : []]);

    /// <summary>A multipart post written byte by byte, so that the file name can hold what a browser's could not (NUL, slashes).</summary>
    public async Task<HttpResponseMessage> Upload(string fileName, byte[] content, string claimedType = "application/pdf", string fieldKey = "financialStatements")
    {
        var token = await Token(FormUrl);
        var boundary = "----credo" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text) => body.Write(System.Text.Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n");
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"fieldKey\"\r\n\r\n{fieldKey}\r\n");
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: {claimedType}\r\n\r\n");
        body.Write(content);
        Write($"\r\n--{boundary}--\r\n");
        var request = new ByteArrayContent(body.ToArray());
        request.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return await Client.PostAsync($"{FormUrl}?handler=Upload", request);
    }

    /// <summary>Starts and verifies a draft: the state most tests begin from.</summary>
    public async Task<Applicant> Verified()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await Start()).StatusCode);
        var (code, _) = await StartedEmail();
        Assert.Equal(HttpStatusCode.OK, (await Verify(code)).StatusCode);
        return this;
    }

    public async Task<CreditApplication> Application()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().Applications.AsNoTracking().SingleAsync(a => a.ApplicantEmail == Email);
    }

    /// <summary>Answers as the form posts them: a.legalName, a.billingAddress.city, a.owners[0].name ...</summary>
    public static IEnumerable<KeyValuePair<string, string>> Fields(JsonObject answers, string prefix = "a.")
    {
        foreach (var (key, value) in answers)
        {
            switch (value)
            {
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        foreach (var field in Fields(items[i]!.AsObject(), $"{prefix}{key}[{i}]."))
                        {
                            yield return field;
                        }
                    }

                    break;
                case JsonObject obj:
                    foreach (var field in Fields(obj, $"{prefix}{key}."))
                    {
                        yield return field;
                    }

                    break;
                default:
                    yield return new($"{prefix}{key}", value!.GetValue<string>());
                    break;
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex(@"verification code is (\d{6})")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"(https?://\S+/resume/\S+)")]
    private static partial Regex LinkLine();
}
