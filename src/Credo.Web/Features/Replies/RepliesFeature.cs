using Credo.Web.Features.Collections;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Replies;

/// <summary>
/// Collections assist (issue 14 §6): customers' replies taken in (API, IMAP), read by the rules-based classifier, and
/// confirmed or discarded by a collector; reminders drafted for a collector to review; optional language-model help.
/// </summary>
internal static class RepliesFeature
{
    public static IServiceCollection AddReplies(this IServiceCollection services)
    {
        services.AddOptions<AssistOptions>().BindConfiguration(AssistOptions.Section);
        services.AddSingleton<AssistChat>();
        services.AddHostedService<MailboxPolling>();
        services.AddHostedService<MailDropWatching>();
        return services
            .AddScoped<AssistModel>()
            .AddScoped<ReceiveReply>()
            .AddScoped<ListReplies>()
            .AddScoped<DecideReply>()
            .AddScoped<PollMailbox>()
            .AddScoped<TakeDroppedMail>()
            .AddScoped<SummarizeThread>()
            .AddScoped<DraftReminder>()
            .AddScoped<SendReminder>();
    }

    public static void MapRepliesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/collections").WithTags("Collections: replies and reminders").RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/replies", ListReplies.Endpoint).WithSummary("Customers' replies with what the rules read in them and the evidence (status: waiting, decided or all; customer).");
        api.MapGet("/replies/{id:long}", ListReplies.OneEndpoint).WithSummary("One reply with its reading, evidence, attachments and decision.");
        api.MapPost("/replies", ReceiveReply.Endpoint).RequireAuthorization(CollectionsFeature.WorkPolicy)
            .WithSummary("Take in a customer's reply (once per Message-ID): matched to the customer and reminder, read by the rules; it waits for a collector.");
        api.MapPost("/replies/{id:long}/confirm", DecideReply.ConfirmEndpoint).RequireAuthorization(CollectionsFeature.WorkPolicy)
            .WithSummary("Confirm what a reply says (correcting it if needed): a promise is recorded, a dispute opens a case; other labels only close it.");
        api.MapPost("/replies/{id:long}/discard", DecideReply.DiscardEndpoint).RequireAuthorization(CollectionsFeature.WorkPolicy).WithSummary("Discard a reply: nothing changes.");
        api.MapGet("/customers/{number}/thread-summary", SummarizeThread.Endpoint)
            .WithSummary("The conversation with a customer summarised: reminders sent, replies received and what was read from them; by the language model when one is configured, else by the rules.");
        api.MapPost("/customers/{number}/reminder-draft", DraftReminder.Endpoint).RequireAuthorization(CollectionsFeature.WorkPolicy)
            .WithSummary("Draft a reminder from today's facts for a collector to review: the template's text, and the language model's draft when one is configured. Nothing is sent.");
        api.MapPost("/customers/{number}/reminders", SendReminder.Endpoint).RequireAuthorization(CollectionsFeature.WorkPolicy)
            .WithSummary("Send a reminder the collector reviewed, by email through the outbox; it appears on the customer's timeline.");
    }
}
