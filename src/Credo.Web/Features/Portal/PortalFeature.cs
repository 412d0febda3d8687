using System.Security.Claims;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// The buyer portal (issue 16): its own cookie scheme, separate from staff Identity. A buyer cookie is named and
/// scoped to <c>/portal</c> and carries no role, so it reaches no Team page or staff API; portal pages authenticate
/// only this scheme, so a staff cookie reaches no portal page. See docs/portal.md.
/// </summary>
internal static class PortalFeature
{
    public const string Scheme = "Buyer";

    /// <summary>The folder policy of Pages/Portal: a signed-in buyer, by the buyer scheme only.</summary>
    public const string BuyerPolicy = "Buyer";

    /// <summary>Staff who may invite buyers: admins, credit managers, collectors.</summary>
    public const string InvitePolicy = "PortalInvitations";

    public const string BuyerIdClaim = "credo:buyer";
    public const string StampClaim = "credo:buyer-stamp";

    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "credo.buyer";
            o.Cookie.Path = "/portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/portal/sign-in";
            o.LogoutPath = "/portal/sign-out";
            o.AccessDeniedPath = "/portal/sign-in";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = ValidateStamp;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(BuyerPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(BuyerIdClaim))
            .AddPolicy(InvitePolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.Collector));
        services.AddScoped<Microsoft.AspNetCore.Identity.IPasswordHasher<BuyerUser>, Microsoft.AspNetCore.Identity.PasswordHasher<BuyerUser>>();
        services.AddOptions<PortalPaymentOptions>().BindConfiguration(PortalPaymentOptions.Section);
        services.AddHttpClient(StripePaymentProvider.ProviderName, c => c.Timeout = TimeSpan.FromSeconds(80)).RemoveAllLoggers();
        services.AddScoped<IPaymentProvider, StripePaymentProvider>().AddScoped<RequestPayment>().AddScoped<HandlePaymentEvent>().AddScoped<PostRefunds>()
            .AddScoped<Credo.Web.Features.CashApplication.IPaymentRequests, WaitingBankTransfers>();
        services.AddScoped<PromiseToPay>().AddScoped<AskQuestion>().AddScoped<AnswerQuestion>().AddScoped<UpdateBillingContacts>().AddScoped<RequestMoreCredit>()
            .AddScoped<SignInLinks>().AddScoped<BuyerUsers>().AddScoped<BuyerTwoFactor>();
        return services.AddScoped<BuyerScope>().AddScoped<InviteBuyer>().AddScoped<AcceptInvitation>().AddScoped<BuyerSignIn>();
    }

    public static void MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/portal").WithTags("Buyer portal").RequireAuthorization(InvitePolicy);
        api.MapPost("/invitations", InviteBuyer.Endpoint).WithSummary("Invite a customer's contact to the buyer portal: an emailed, single-use link that expires in 7 days.");
        api.MapPost("/invitations/{id:long}/revocation", InviteBuyer.RevokeEndpoint).WithSummary("Withdraw an invitation not yet used.");
        app.MapPost("/api/portal/payments/stripe/events", HandlePaymentEvent.Endpoint).WithTags("Buyer portal").AllowAnonymous().DisableAntiforgery()
            .WithSummary("Stripe's webhook: authenticated by its Stripe-Signature alone; each event applied once (payment posted, or reversed with its reason).");
    }

    /// <summary>Portal pages' 404/403 get a page a buyer can read (never a bare status line); one line in CredoHost, after UseStatusCodePages.</summary>
    public static void UsePortalErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/portal"), b => b.UseStatusCodePagesWithReExecute("/portal/error/{0}"));

    /// <summary>The principal a buyer cookie carries: who, and the security stamp it was issued under.</summary>
    public static ClaimsPrincipal Principal(BuyerUser user) =>
        new(new ClaimsIdentity(
            [
                new Claim(BuyerIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, "buyer:" + user.Email),
                new Claim(StampClaim, user.SecurityStamp),
            ],
            Scheme));

    /// <summary>Every request: the cookie's stamp must still be the user's (sign-out and lockout change it).</summary>
    private static async Task ValidateStamp(CookieValidatePrincipalContext ctx)
    {
        var stamp = ctx.Principal?.FindFirstValue(StampClaim);
        var valid = long.TryParse(ctx.Principal?.FindFirstValue(BuyerIdClaim), out var id) && stamp is not null
            && await ctx.HttpContext.RequestServices.GetRequiredService<CreditDb>().BuyerUsers
                .AnyAsync(u => u.Id == id && u.SecurityStamp == stamp, ctx.HttpContext.RequestAborted);
        if (!valid)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(Scheme);
        }
    }
}
