using Credo.Web.Features.Outbox;

namespace Credo.Web.Tests.Outbox;

/// <summary>Emails and webhooks wait the same way after a failure: the base, doubled each time, capped.</summary>
public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(500, 3600)]
    [InlineData(0, 30)]
    public void The_wait_doubles_from_the_base_up_to_the_cap(int attempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoff.After(attempt, baseSeconds: 30, maxSeconds: 3600));

    [Fact]
    public void An_email_and_a_webhook_with_default_settings_wait_alike()
    {
        var schedule = new EmailRetrySchedule();
        var now = DateTime.UnixEpoch;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            Assert.Equal(Credo.Web.Features.Webhooks.DeliverWebhooks.Backoff(new Credo.Web.Features.Webhooks.WebhookOptions(), attempt), schedule.Failed(attempt, attempt, now));
        }
    }
}
