using Credo.Domain.Common;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Replies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>
/// A reminder drafted for one customer (issue 14 §6): the level's own template in the customer's language, rephrased by
/// the language model when one is configured and it kept every figure (<see cref="DraftReminder"/>). The collector
/// reads and edits it, and sends it (<see cref="SendReminder"/>); nothing goes without that step. Posts carry the
/// anti-forgery token (Razor Pages check it); a refusal keeps the collector's edits and says what is wrong by field.
/// </summary>
internal sealed class ReminderModel(DraftReminder draft, SendReminder send, IAuthorizationService authorization) : PageModel
{
    public string Number { get; private set; } = "";

    public ReminderDraftDto? Draft { get; private set; }

    /// <summary>Why there is no draft (nothing due today), in words.</summary>
    public string? NoDraft { get; private set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public string? DraftedWith { get; set; }

    /// <summary>What is wrong, by field ("subject", "body"; "" for the reminder as a whole).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (!await CanWork())
        {
            return Forbid();
        }

        if (await Load(number, ct) is { } missing)
        {
            return missing;
        }

        Subject = Draft?.Subject;
        Body = Draft?.Draft;
        DraftedWith = Draft?.DraftedWith;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        if (!await CanWork())
        {
            return Forbid();
        }

        var sent = await send.Handle(number, new SendReminderRequest(Subject, Body, DraftedWith), ct);
        if (sent.IsOk)
        {
            TempData["Message"] = $"Reminder sent by email to {sent.Value}.";
            return Redirect($"/team/collections/customers/{Uri.EscapeDataString(number)}");
        }

        if (sent.Error is Credo.Domain.Common.NotFound)
        {
            return NotFound();
        }

        Errors[sent.Error is ValidationFailed { Field: { } field } ? field : ""] = sent.Error!.Message;
        return await Load(number, ct) ?? Page(); // the facts again beside the collector's own text, kept as typed
    }

    /// <summary>The draft and its facts; a 404 result for an unknown customer, null otherwise.</summary>
    private async Task<IActionResult?> Load(string number, CancellationToken ct)
    {
        Number = number;
        var drafted = await draft.Handle(number, ct);
        if (drafted.Error is Credo.Domain.Common.NotFound)
        {
            return NotFound();
        }

        Draft = drafted.Value;
        NoDraft = drafted.IsOk ? null : drafted.Error!.Message;
        return null;
    }

    private async Task<bool> CanWork() => (await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded;

    /// <summary>The template a draft came from, in words: "Level's template: first notice, in English".</summary>
    public static string TemplateWords(string key)
    {
        var dot = key.LastIndexOf('.');
        var (level, language) = dot > 0 ? (key[..dot], key[(dot + 1)..]) : (key, "");
        var name = Shared.Words.Code(level).ToLowerInvariant();
        var languageName = language.Length == 0 ? null : Language(language);
        return languageName is null ? $"The level's template: {name}." : $"The level's template: {name}, in {languageName}.";
    }

    // Culture names are not available (invariant globalization): the languages templates are written in, by name.
    private static string? Language(string code) => code switch
    {
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        "nl" => "Dutch",
        "it" => "Italian",
        "pt" => "Portuguese",
        _ => null,
    };
}
