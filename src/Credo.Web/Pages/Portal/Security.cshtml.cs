using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// The buyer's own sign-in security: set up an authenticator app (QR code, or the key typed in), confirm it with a
/// code, see the recovery codes once, renew them, or turn the second step off. Any buyer may; nobody must.
/// </summary>
internal sealed class PortalSecurityModel(BuyerScope scope, BuyerTwoFactor twoFactor, CreditDb db) : PortalPage(scope)
{
    [BindProperty]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>Shown once, right after they are made.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await Resolve(ct) ? await Show(ct) : Missing();

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var enabled = await twoFactor.Enable(Scope.BuyerId!.Value, Code, ct);
        return await After(enabled.IsOk ? enabled.Value : null, enabled.Error?.Message, ct);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var renewed = await twoFactor.RenewRecoveryCodes(Scope.BuyerId!.Value, Code, ct);
        return await After(renewed.IsOk ? renewed.Value : null, renewed.Error?.Message, ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var disabled = await twoFactor.Disable(Scope.BuyerId!.Value, Code, ct);
        if (!disabled.IsOk)
        {
            return await After(null, disabled.Error!.Message, ct);
        }

        Message = "The authenticator app is no longer asked for when you sign in.";
        return Redirect(PortalText.For("/portal/security", Customer.Number));
    }

    private async Task<IActionResult> After(IReadOnlyList<string>? codes, string? error, CancellationToken ct)
    {
        NewRecoveryCodes = codes ?? [];
        Error = error;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return await Show(ct);
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        var user = await db.BuyerUsers.AsNoTracking().SingleAsync(u => u.Id == Scope.BuyerId, ct);
        Enabled = user.TwoFactorEnabled;
        RecoveryCodesLeft = (user.RecoveryCodeHashes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!Enabled)
        {
            var setup = await twoFactor.Begin(user.Id, ct);
            Setup = setup.IsOk ? setup.Value : null;
        }

        return Page();
    }
}
