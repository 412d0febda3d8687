using System.Net;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Credo.Web.Tests.ApplicationForms;

public sealed class RateLimitTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Too_many_posts_from_one_address_get_429_with_a_clear_message_and_reads_still_work()
    {
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Applications:PostsPerMinutePerIp", "3"));
        var applicant = Applicant.Open(limited);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await applicant.Start()).StatusCode);
        }

        var refused = await applicant.Start();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many requests from your network address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Saving, uploading and submitting share the same budget; reading the form does not use it.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await applicant.Verify("123456")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await applicant.Upload("a.pdf", ApplicantAnswers.Pdf())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await applicant.Client.GetAsync(applicant.FormUrl)).StatusCode);
    }
}
