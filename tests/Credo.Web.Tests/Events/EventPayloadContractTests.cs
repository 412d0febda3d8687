using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Outbox;

namespace Credo.Web.Tests.Events;

/// <summary>
/// The typed events write the same payload bytes as the hand-written JSON they replaced (the webhook contract):
/// each expected string below is what the old code produced for the same values.
/// </summary>
public sealed class EventPayloadContractTests
{
    private const string Reference = "SO-<1>&'\"é";

    [Fact]
    public void A_reservation_move_is_the_order_reference_alone()
    {
        var old = $"{{\"orderReference\":{JsonSerializer.Serialize(Reference)}}}";
        Assert.Equal(old, Payload(new OrderShipped(Reference)));
        Assert.Equal(old, Payload(new OrderPosted(Reference)));
        Assert.Equal(old, Payload(new OrderVoided(Reference)));
        Assert.Equal(old, Payload(new OrderExpired(Reference)));
        Assert.Equal(old, Payload(new OrderAmended(Reference)));
    }

    [Fact]
    public void A_hold_decision_names_the_order_the_reason_and_who()
    {
        var (orderReference, reason, by) = (Reference, "CFO approved <ok>", "user:ana@example.com");
        var old = JsonSerializer.Serialize(new { orderReference, reason, by });
        Assert.Equal(old, Payload(new OrderReleased(orderReference, reason, by)));
        Assert.Equal(old, Payload(new OrderRejected(orderReference, reason, by)));
        Assert.Equal(old, Payload(new OrderPrepayment(orderReference, reason, by)));
    }

    [Theory]
    [InlineData(250_000L)]
    [InlineData(null)]
    public void A_limit_change_keeps_its_capitalised_currency(long? limitMinor)
    {
        var (level, key, Currency) = ("customer", "C-1", "EUR");
        var old = JsonSerializer.Serialize(new { level, key, limitMinor, Currency });
        Assert.Equal(old, Payload(new LimitChanged(level, key, limitMinor, Currency)));
    }

    [Fact]
    public void A_decision_is_published_as_the_stored_answer_without_serialising_it_again()
    {
        const string answer = """{"orderReference":"SO-1","outcome":"held"}""";
        Assert.Equal(answer, Payload(new OrderApproved(answer)));
        Assert.Equal(answer, Payload(new OrderHeld(answer)));
        Assert.Equal(answer, Payload(new OrderScheduled(answer)));
        Assert.Equal("credit.order-approved", CreditCheckRules.DecisionTopic(approved: true));
        Assert.Equal("credit.order-held", CreditCheckRules.DecisionTopic(approved: false));
    }

    [Fact]
    public void An_email_is_stored_as_before()
    {
        var email = new OutboxEmail("a@example.com", "Subject", "Body", "tag");
        Assert.Equal(JsonSerializer.Serialize(email, JsonSerializerOptions.Web), Payload(email));
        Assert.Equal(email, OutboxEmail.Read(new OutboxMessage { Topic = "email", PayloadJson = Payload(email), CreatedAtUtc = DateTime.UnixEpoch }));
    }

    private static string Payload<TEvent>(TEvent e)
        where TEvent : IOutboxEvent<TEvent> => TEvent.PayloadJson(e);
}
