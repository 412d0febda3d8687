using System.Net;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>Uploads are typed by content, limited in size, and stored under server-made names whatever the name says.</summary>
public sealed class UploadAttackTests(CredoApp app) : IClassFixture<CredoApp>
{
    public static TheoryData<string, string, string> RefusedContent() => new()
    {
        { "HTML named .pdf", "statement.pdf", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>" },
        { "HTML", "page.html", "<html><script>fetch('/api/customers')</script></html>" },
        { "SVG with script", "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>" },
        { "SVG named .png", "logo.png", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>" },
        { "script", "run.js", "alert(1)" },
        { "shell script named .jpg", "photo.jpg", "#!/bin/sh\nrm -rf /\n" },
        { "PDF magic not at the start", "x.pdf", " %PDF-1.7" },
        { "plain text", "notes.txt", "just some text" },
    };

    [Theory]
    [MemberData(nameof(RefusedContent))]
    public async Task Content_that_is_not_pdf_png_or_jpeg_is_refused_whatever_its_name(string why, string fileName, string content)
    {
        var applicant = await Applicant.Open(app).Verified();
        var before = StoredFiles().Length;
        var response = await applicant.Upload(fileName, Encoding.UTF8.GetBytes(content), claimedType: "application/pdf");
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{why}: {(int)response.StatusCode}");
        Assert.Contains("checked from the content", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Documents(applicant));
        Assert.Equal(before, StoredFiles().Length);
    }

    [Theory]
    [InlineData("png", "89504E470D0A1A0A0000000D49484452", "image/png", ".png")]
    [InlineData("jpeg", "FFD8FFE000104A46494600010100", "image/jpeg", ".jpg")]
    [InlineData("pdf", "255044462D312E340A", "application/pdf", ".pdf")]
    public async Task Pdf_png_and_jpeg_are_accepted_and_typed_from_content(string why, string hex, string contentType, string extension)
    {
        var applicant = await Applicant.Open(app).Verified();
        var response = await applicant.Upload("scan.bin", Convert.FromHexString(hex), claimedType: "text/html");
        Assert.True(response.StatusCode == HttpStatusCode.OK, why);
        var document = Assert.Single(await Documents(applicant));
        Assert.Equal(contentType, document.ContentType);
        Assert.EndsWith(extension, document.StoredName, StringComparison.Ordinal);
        Assert.Equal(Convert.FromHexString(hex), await File.ReadAllBytesAsync(Path.Combine(UploadFolder(), document.StoredName)));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\..\\Windows\\System32\\evil.pdf", "evil.pdf")]
    [InlineData("/etc/cron.d/job.pdf", "job.pdf")]
    [InlineData("C:\\temp\\a.pdf", "a.pdf")]
    [InlineData("evil\0.pdf", "evil.pdf")]
    [InlineData("....//....//x.pdf", "x.pdf")]
    public async Task Path_traversal_names_are_only_sanitised_display_names(string fileName, string shown)
    {
        var applicant = await Applicant.Open(app).Verified();
        var response = await applicant.Upload(fileName, ApplicantAnswers.Pdf());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Assert.Single(await Documents(applicant));
        Assert.Equal(shown, document.OriginalName);
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", document.StoredName);
        Assert.True(File.Exists(Path.Combine(UploadFolder(), document.StoredName)));
        Assert.All(Directory.GetFiles(UploadFolder()), f => Assert.Matches("^[0-9a-f]{32}\\.(pdf|png|jpg)$", Path.GetFileName(f)));
    }

    [Fact]
    public async Task An_oversize_file_is_refused_and_nothing_is_kept()
    {
        var applicant = await Applicant.Open(app).Verified();
        var max = app.Services.GetRequiredService<IOptions<ApplicationFormOptions>>().Value.MaxUploadBytes;
        var big = new byte[max + 1];
        ApplicantAnswers.Pdf().CopyTo(big, 0);
        var before = StoredFiles().Length;
        var response = await applicant.Upload("huge.pdf", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 10 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Documents(applicant));
        Assert.Equal(before, StoredFiles().Length);

        var exactly = new byte[max];
        ApplicantAnswers.Pdf().CopyTo(exactly, 0);
        Assert.Equal(HttpStatusCode.OK, (await applicant.Upload("max.pdf", exactly)).StatusCode);
    }

    [Fact]
    public async Task A_file_for_a_field_that_is_not_a_file_field_is_refused()
    {
        var applicant = await Applicant.Open(app).Verified();
        var response = await applicant.Upload("a.pdf", ApplicantAnswers.Pdf(), fieldKey: "legalName");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Documents(applicant));
    }

    [Fact]
    public async Task The_credit_team_downloads_a_document_as_an_attachment_of_its_detected_type()
    {
        var applicant = await Applicant.Open(app).Verified();
        Assert.Equal(HttpStatusCode.OK, (await applicant.Upload("../accounts.pdf", ApplicantAnswers.Pdf(), claimedType: "text/html")).StatusCode);
        var reference = (await applicant.Application()).Reference;
        var analyst = await app.ClientAs("CreditAnalyst");
        var list = await (await analyst.GetAsync($"/api/applications/{reference}/uploads")).Json();
        var document = list.EnumerateArray().Single();
        Assert.Equal("accounts.pdf", document.GetProperty("name").GetString());

        var file = await analyst.GetAsync($"/api/applications/{reference}/uploads/{document.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(ApplicantAnswers.Pdf(), await file.Content.ReadAsByteArrayAsync());

        await (await analyst.GetAsync($"/api/applications/APP-0000-OTHER/uploads/{document.GetProperty("id").GetInt64()}")).AssertProblem(404, "not-found");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("Viewer")).GetAsync($"/api/applications/{reference}/uploads")).StatusCode);
    }

    private string UploadFolder() => UploadApplicationDocument.UploadFolder(
        app.Services.GetRequiredService<IOptions<ApplicationFormOptions>>().Value, app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());

    private string[] StoredFiles() => Directory.Exists(UploadFolder()) ? Directory.GetFiles(UploadFolder()) : [];

    private async Task<List<ApplicationDocument>> Documents(Applicant applicant)
    {
        var id = (await applicant.Application()).Id;
        return await app.InScope(sp => sp.GetRequiredService<CreditDb>().ApplicationDocuments.AsNoTracking().Where(d => d.ApplicationId == id).ToListAsync());
    }
}
