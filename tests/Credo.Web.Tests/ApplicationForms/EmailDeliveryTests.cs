using System.Net;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>The outbox's email rows delivered over SMTP (to a listener on 127.0.0.1) or to the pickup folder.</summary>
public sealed class EmailDeliveryTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Emails_go_over_smtp_are_marked_delivered_and_a_failure_is_recorded_and_backed_off()
    {
        await using var smtp = new SmtpListener();
        await using var host = app.WithWebHostBuilder(b => b
            .UseSetting("Smtp:Host", "127.0.0.1").UseSetting("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Smtp:Security", "None").UseSetting("Smtp:From", "Credo <credit@seller.example>"));
        var to = $"{Guid.NewGuid():N}@buyer.example";
        var id = await Queue(host, new OutboxEmail(to, "Your application", "Hello,\r\n.leading dot line\r\nbye", "test-email"));

        Assert.True(await Deliver(host) >= 1);
        var received = Assert.Single(smtp.Received, r => r.To.Contains(to));
        Assert.Equal("credit@seller.example", received.From);
        Assert.Contains("Subject: Your application", received.Data, StringComparison.Ordinal);
        Assert.Contains(".leading dot line", received.Data, StringComparison.Ordinal);
        Assert.Contains("X-Credo-Tag: test-email", received.Data, StringComparison.Ordinal);
        var row = await Row(host, id);
        Assert.NotNull(row.DeliveredAtUtc);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);

        // Delivered rows are not sent again.
        await Deliver(host);
        Assert.Single(smtp.Received, r => r.To.Contains(to));

        smtp.RejectMail = true;
        var failing = await Queue(host, new OutboxEmail($"{Guid.NewGuid():N}@buyer.example", "Later", "Body", "test-email"));
        Assert.Equal(0, await Deliver(host));
        row = await Row(host, failing);
        Assert.Null(row.DeliveredAtUtc);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("Try again later", row.LastError, StringComparison.Ordinal);

        // Backing off: an immediate second pass does not try again.
        smtp.RejectMail = false;
        await Deliver(host);
        Assert.Equal(1, (await Row(host, failing)).Attempts);
    }

    [Fact]
    public async Task Without_smtp_emails_are_written_to_the_pickup_folder_and_resume_links_do_not_stay_in_the_outbox()
    {
        var applicant = Applicant.Open(app);
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Start()).StatusCode);
        var (code, link) = await applicant.StartedEmail();
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking()
            .Where(m => m.PayloadJson.Contains(applicant.Email)).Select(m => m.Id).SingleAsync());

        Assert.True(await Deliver(app) >= 1);
        var folder = Path.Combine(app.Services.GetRequiredService<IConfiguration>()["Database:DataDirectory"]!, "mail-pickup");
        var eml = await File.ReadAllTextAsync(Path.Combine(folder, $"{id}.eml"));
        Assert.Contains("To: " + applicant.Email, eml, StringComparison.Ordinal);
        Assert.Contains(code, eml, StringComparison.Ordinal);
        Assert.Contains(link.Split('?')[0], eml.Replace("=\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var row = await Row(app, id);
        Assert.NotNull(row.DeliveredAtUtc);
        Assert.DoesNotContain(code, row.PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("/resume/", row.PayloadJson, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    private static async Task<long> Queue(WebApplicationFactory<Program> host, OutboxEmail email)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        db.QueueEmail(email);
        await db.SaveChangesAsync();
        return await db.Outbox.Where(m => m.Topic == OutboxEmail.Topic.Name).MaxAsync(m => m.Id);
    }

    private static async Task<int> Deliver(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EmailDelivery>().DeliverDueAsync(CancellationToken.None);
    }

    private static async Task<OutboxMessage> Row(WebApplicationFactory<Program> host, long id)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
