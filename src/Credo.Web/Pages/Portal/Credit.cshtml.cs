using Credo.Domain.Portal;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer asks for a higher credit limit and follows their credit applications.</summary>
internal sealed class PortalCreditModel(BuyerScope scope, RequestMoreCredit credit) : PortalPage(scope)
{
    public IReadOnlyList<BuyerApplication> Applications { get; private set; } = [];

    [BindProperty]
    public string? Limit { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public bool MayAsk => InvitationFlow.Allows(Customer.Role, BuyerRole.Pay);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        Applications = await credit.Applications(Customer.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var limit = Shared.MoneyText.Parse(Limit);
        if (limit is null)
        {
            Errors["limit"] = "Write the limit you would like as a number, such as 20000.00.";
        }
        else
        {
            var email = User.FindFirst(System.Security.Claims.ClaimTypes.Name)?.Value.Replace("buyer:", string.Empty, StringComparison.Ordinal) ?? string.Empty;
            var opened = await credit.Handle(Customer, limit, Reason, email, ct);
            if (opened.IsOk)
            {
                Message = $"Thank you: your request {opened.Value!.Reference} is with us. You can follow it below; we also email you the outcome.";
                return Redirect(PortalText.For("/portal/credit", Customer.Number));
            }

            Errors[opened.Error!.Field is "requestedLimit" ? "limit" : PortalForms.Field(opened.Error, "reason")] = opened.Error.Message;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Applications = await credit.Applications(Customer.Id, ct);
        return Page();
    }

    public static string Describe(BuyerApplication a) => a.Kind switch
    {
        Credo.Web.Data.ApplicationKind.New => "Opening an account",
        Credo.Web.Data.ApplicationKind.LimitIncrease => "Higher limit",
        Credo.Web.Data.ApplicationKind.Review => "Periodic review",
    };

    public static string Stands(BuyerApplication a)
    {
        var words = Credo.Domain.Applications.ApplicationFlow.Describe(a.Status);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
