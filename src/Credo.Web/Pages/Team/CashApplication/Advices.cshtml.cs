using System.Text;
using Credo.Domain.Common;
using Credo.Web.Features.CashApplication;
using Credo.Web.Infrastructure;
using Credo.Web.Pages.Team.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CashApplication;

/// <summary>
/// Remittance advices on a page (issue 15 §3): paste an email's text or upload its CSV or PDF; the page shows what
/// was understood (the invoices and total) and what happened (the line applied, suggested or left unmatched with it,
/// or the advice kept until its money arrives), and the advices still waiting. Calls the same use case as the API.
/// </summary>
internal sealed class AdvicesModel(ReadRemittanceAdvice advices, ReadCashApplication read, IAuthorizationService authorization) : PageModel
{
    /// <summary>The form's inputs by the use case's field names, for errors next to their input.</summary>
    private static readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal)
    {
        ["file"] = "Text", ["advice"] = "Text", ["currency"] = "Currency", ["line"] = "Line",
    };

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Line { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    public FormErrors Errors { get; } = new();

    public RemittanceAdviceResult? Done { get; private set; }

    /// <summary>The line the person came from (the statement page's link), that the advice is for.</summary>
    public BankLineDto? ForLine { get; private set; }

    /// <summary>The line the advice was linked to, as its statement shows it.</summary>
    public BankLineDto? DoneLine { get; private set; }

    public IReadOnlyList<WaitingAdviceDto> Waiting { get; private set; } = [];

    public IReadOnlyList<string> Currencies { get; private set; } = [];

    public bool CanWork { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded)
        {
            return Forbid();
        }

        var content = await Content(ct);
        if (content is not null)
        {
            var result = await advices.Handle(new RemittanceAdviceRequest(content, Line, Currency), ct);
            if (result.IsOk)
            {
                Done = result.Value;
                DoneLine = Done!.LineId is { } id ? await read.Line(id, ct) : null;
                Text = null;
            }
            else
            {
                Errors.Add(result.Error!, Inputs);
            }
        }

        await Load(ct);
        return Page();
    }

    /// <summary>The pasted text or the uploaded file (one of them); null with the error by its input.</summary>
    private async Task<byte[]?> Content(CancellationToken ct)
    {
        var pasted = !string.IsNullOrWhiteSpace(Text);
        var uploaded = Upload is { Length: > 0 };
        if (pasted == uploaded)
        {
            Errors.Add(pasted ? "Upload" : "Text", pasted ? "Paste the text or choose a file, not both." : "Paste the advice's text or choose its CSV or PDF file.");
            return null;
        }

        if (!uploaded)
        {
            return Encoding.UTF8.GetBytes(Text!);
        }

        if (Upload!.Length > ReadRemittanceAdvice.MaxBytes)
        {
            Errors.Add("Upload", "The file is larger than 5 MB.");
            return null;
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private async Task Load(CancellationToken ct)
    {
        CanWork = (await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded;
        Waiting = await advices.Waiting(100, ct);
        // The currency most of the seller's accounts hold comes first (the default), then the others by name.
        Currencies = [.. (await read.Accounts(ct)).GroupBy(a => a.Currency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];
        ForLine = Line is { } id && Done is null ? await read.Line(id, ct) : null;
        Currency = ForLine?.Currency ?? Currency ?? (Currencies.Count > 0 ? Currencies[0] : null);
    }

    /// <summary>What happened to the line, in words.</summary>
    public static string Happened(RemittanceAdviceResult done) => done.Status switch
    {
        "applied" => "The line is applied: the payment is posted to the invoices the advice names.",
        "suggested" => "The line is suggested with the advice's invoices: check and confirm it on its statement.",
        "unmatched" => "The line stays unmatched even with the advice: match it by hand on its statement.",
        _ => "No bank line of this total has arrived yet: the advice is kept and applied when its money arrives.",
    };
}
