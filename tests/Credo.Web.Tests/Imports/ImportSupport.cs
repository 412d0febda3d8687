using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Imports;

/// <summary>Fixture files and upload helpers for the import tests.</summary>
internal static class ImportSupport
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(FixtureDirectory(), name));

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Path.Combine(FixtureDirectory(), name));

    /// <summary>A fixture with its placeholders ({C} customer number, {P} document prefix) filled in.</summary>
    public static byte[] Filled(string name, string customer, string prefix) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FixtureBytes(name)).Replace("{C}", customer, StringComparison.Ordinal).Replace("{P}", prefix, StringComparison.Ordinal));

    public static Task<HttpResponseMessage> Upload(this HttpClient client, string kind, byte[] content, string? mappingJson = null, string? mappingName = null, bool partial = false, string fileName = "export.csv")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (mappingJson is not null)
        {
            form.Add(new StringContent(mappingJson), "mapping");
        }

        if (mappingName is not null)
        {
            form.Add(new StringContent(mappingName), "mappingName");
        }

        form.Add(new StringContent(partial ? "true" : "false"), "partial");
        return client.PostAsync($"/api/imports/{kind}", form);
    }

    public static Task<HttpResponseMessage> Upload(this HttpClient client, string kind, string csv, string? mappingJson = null, string? mappingName = null, bool partial = false) =>
        client.Upload(kind, Encoding.UTF8.GetBytes(csv), mappingJson, mappingName, partial);

    public static Task<int> EntryCount(this CredoApp app, string customerNumber) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        return await db.Entries.CountAsync(e => db.Customers.Any(c => c.Id == e.CustomerId && c.Number == customerNumber));
    });

    public static Task<T> Db<T>(this CredoApp app, Func<CreditDb, Task<T>> query) => app.InScope(sp => query(sp.GetRequiredService<CreditDb>()));

    private static string FixtureDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Fixtures");
}
