using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Webhooks;
using Credo.Web.Tests.Support;
using Credo.Web.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Issue 17 §2: the check writer stores a decision's JSON once, on its reservation, and its event points at it. The
/// webhook contract does not change: the delivered body is byte for byte the body built from the answer as it was
/// given, also after the reservation's stored answer is rewritten (a held order released), and the events feed
/// carries the same payload.
/// </summary>
public sealed class DecisionStoredOnceTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_decision_is_stored_once_and_delivered_byte_for_byte_as_given_even_after_a_release_rewrites_it()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        await admin.Subscribe(receiver, "all", ["credit.order-approved", "credit.order-held"]);
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var held = Http.Unique("SO");
        var approved = Http.Unique("SO");
        Assert.Equal("held", (await manager.CheckOk(customer, held, 1_500m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await manager.CheckOk(customer, approved, 100m)).GetProperty("outcome").GetString());

        // Written by the batch writer: the events hold no copy of the answer, only their reservation's id.
        var given = await Stored(host, held, approved);
        Assert.All(given, g => Assert.Equal(g.Reservation.Id, g.Event.DecisionOf));
        Assert.All(given, g => Assert.Equal(string.Empty, g.Event.PayloadJson));
        var heldAsGiven = given[0].Reservation.DecisionJson;

        // With room on the line the held order passes now, so the release rewrites its reservation's stored answer.
        await manager.SetLimit("customer", customer, 2_000m);
        (await manager.PostJson($"/api/credit-checks/{held}/release", new { reason = "CFO approved" })).EnsureSuccessStatusCode();
        var after = await Stored(host, held, approved);
        Assert.NotEqual(heldAsGiven, after[0].Reservation.DecisionJson); // the reservation now answers as released...
        Assert.Null(after[0].Event.DecisionOf); // ...so its held event was pinned to the answer it announced
        Assert.Equal(heldAsGiven, after[0].Event.PayloadJson);
        Assert.Equal(after[1].Reservation.Id, after[1].Event.DecisionOf);

        await host.Deliver();
        foreach (var (order, json) in new[] { (held, heldAsGiven), (approved, after[1].Reservation.DecisionJson) })
        {
            var delivery = Assert.Single(receiver.ForOrder("all", order));
            var e = after.Single(s => s.Reservation.OrderReference == order).Event;
            Assert.Equal(WebhookSender.Body(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Topic, e.CreatedAtUtc, json), delivery.Body);
            Assert.True(delivery.SignatureValid);
        }

        Assert.Equal("held", receiver.ForOrder("all", held)[0].Data.GetProperty("outcome").GetString());
        var feed = await (await manager.GetAsync($"/api/events?after={given.Min(g => g.Event.Id) - 1}&take=500")).Read<JsonElement>();
        var payloads = feed.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("id").GetInt64() == given[0].Event.Id || e.GetProperty("id").GetInt64() == given[1].Event.Id)
            .Select(e => e.GetProperty("payload").GetRawText()).ToList();
        Assert.Equal([Normalised(heldAsGiven), Normalised(after[1].Reservation.DecisionJson)], payloads.Select(Normalised));
    }

    private static string Normalised(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static async Task<List<(CreditReservation Reservation, OutboxMessage Event)>> Stored(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, params string[] orders)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var list = new List<(CreditReservation, OutboxMessage)>();
        foreach (var order in orders)
        {
            var r = await db.CreditReservations.AsNoTracking().SingleAsync(x => x.OrderReference == order);
            var topics = new[] { "credit.order-approved", "credit.order-held" };
            var e = await db.Outbox.AsNoTracking().Where(m => topics.Contains(m.Topic) && (m.DecisionOf == r.Id || m.PayloadJson.Contains(order))).SingleAsync();
            list.Add((r, e));
        }

        return list;
    }
}
