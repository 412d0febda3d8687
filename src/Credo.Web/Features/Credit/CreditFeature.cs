using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Credit;

/// <summary>Credit lines: limits at every level, the credit check and its reservations, exposure and reconcile.</summary>
internal static class CreditFeature
{
    /// <summary>Ask for a credit check and move its reservation (order systems, analysts, managers).</summary>
    public const string ChecksPolicy = "CreditChecks";

    /// <summary>Set limits, rates and block rules; reconcile (managers).</summary>
    public const string LimitsPolicy = "CreditLimits";

    public static IServiceCollection AddCredit(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ChecksPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager, Roles.CreditAnalyst))
            .AddPolicy(LimitsPolicy, p => p.RequireRole(Roles.Admin, Roles.CreditManager));
        services.AddOptions<CreditOptions>().BindConfiguration("Credit")
            .Configure<IConfiguration>((o, config) =>
            {
                // The old switch still works when the new key is absent.
                if (config["Credit:Exposure:ShippedNotInvoiced"] is null && config.GetValue<bool?>("Credit:CountShippedNotInvoiced") is { } legacy)
                {
                    o.Exposure.ShippedNotInvoiced = legacy;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CreditOptions>, CreditOptionsValidation>();
        // Hidden effects of every save, switched on here (ADR 0009): the credit exposure follows the ledger and the
        // customer book in the same transaction as the change that moves it.
        // - ReceivablesHook: a ledger entry's open amount changing moves the receivable part of every credit line on
        //   that customer's path.
        // - MoveCustomerExposure: a customer changing group or segments takes its receivables and reservations along.
        // (The third hidden effect of a save, the audit trail, is in CreditDb.SaveChangesAsync.)
        IInterceptor[] exposureFollowsTheLedger = [ReceivablesHook.Instance, MoveCustomerExposure.Instance];
        services.ConfigureDbContext<SqliteCreditDb>(o => o.AddInterceptors(exposureFollowsTheLedger));
        services.ConfigureDbContext<PostgresCreditDb>(o => o.AddInterceptors(exposureFollowsTheLedger));
        services.AddHostedService<ReservationExpiry>();
        services.AddSingleton<CheckQueue>();
        return services.AddScoped<CheckCredit>()
            .AddScoped<MoveReservation>().AddScoped<ShipReservation>().AddScoped<PostReservation>().AddScoped<VoidReservation>()
            .AddScoped<ExpireReservations>().AddScoped<AmendReservation>()
            .AddScoped<HoldQueue>().AddScoped<ReleaseHold>().AddScoped<DecideHold>().AddScoped<AutoReleaseHolds>().AddScoped<ActivateScheduledOrders>()
            .AddScoped<SetCreditLine>().AddScoped<ReadCreditLine>().AddScoped<CreditLinesOverview>()
            .AddScoped<ReconcileExposure>().AddScoped<RecordExchangeRates>();
    }

    public static void MapCreditApi(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("/api/credit-checks").WithTags("Credit").RequireAuthorization(ChecksPolicy);
        checks.MapPost("/", CheckCredit.Endpoint).WithSummary("May this order ship on credit? Idempotent on the order reference; an Idempotency-Key header, if sent, must equal it (else 422 idempotency-key-mismatch).");
        // Reading an answer is for every role: outside the group, whose policy would also apply (policies add up).
        app.MapGet("/api/credit-checks/{orderReference}", ReadCreditCheck.Endpoint).WithTags("Credit").RequireAuthorization(AccessPolicies.Read).WithSummary("The answer given to an order, with its reservation's state.");
        checks.MapPost("/{orderReference}/amendment", AmendReservation.Endpoint).WithSummary("Change an active reservation's amount (an increase is checked).");
        checks.MapPost("/{orderReference}/posting", PostReservation.Endpoint).WithSummary("The order was invoiced: its exposure moves to receivables.");
        checks.MapPost("/{orderReference}/shipment", ShipReservation.Endpoint).WithSummary("The order shipped: shipped, not invoiced until posted (counted unless Credit:Exposure:ShippedNotInvoiced is false).");
        checks.MapPost("/{orderReference}/void", VoidReservation.Endpoint).WithSummary("The order was cancelled: release its reservation.");
        checks.MapPost("/{orderReference}/release", ReleaseHold.Endpoint).RequireAuthorization(LimitsPolicy).WithSummary("Release a held order (re-checked; override ships it anyway, recorded with the reason).");
        checks.MapPost("/{orderReference}/rejection", DecideHold.RejectEndpoint).RequireAuthorization(LimitsPolicy).WithSummary("Refuse a held order for good.");
        checks.MapPost("/{orderReference}/prepayment", DecideHold.PrepaymentEndpoint).RequireAuthorization(LimitsPolicy).WithSummary("Convert a held order to prepayment terms.");
        checks.MapPost("/expiry", ExpireReservations.Endpoint).RequireAuthorization(LimitsPolicy).WithSummary("Expire reservations past their expiry date now.");

        var holds = app.MapGroup("/api/credit-holds").WithTags("Credit").RequireAuthorization(AccessPolicies.Read);
        holds.MapGet("/", HoldQueue.ListEndpoint).WithSummary("The hold queue, oldest hold first, a page at a time (after=<cursor>, limit up to 200; filters reason, customer, pastSla): held orders with reasons, ways out, age and SLA; next cursor and total.");
        holds.MapPost("/auto-release", AutoReleaseHolds.Endpoint).RequireAuthorization(LimitsPolicy).WithSummary("Re-check held orders a payment can clear; release those that now fit.");

        var lines = app.MapGroup("/api/credit-lines").WithTags("Credit").RequireAuthorization(AccessPolicies.Read);
        lines.MapGet("/{level}/{key}", ReadCreditLine.Endpoint).WithSummary("A credit line with its usage and history.");
        lines.MapPut("/{level}/{key}", SetCreditLine.Endpoint).RequireAuthorization(LimitsPolicy).WithSummary("Set the limit at a level (customer, group, segment dimension:code, portfolio).");
        lines.MapGet("/availability/{number}", CreditSettings.AvailabilityEndpoint).WithSummary("A customer's headroom at every level of its path.");
        lines.MapPost("/reconciliation", ReconcileExposure.Endpoint).RequireAuthorization(LimitsPolicy).WithSummary("Recompute exposure and report (or repair) differences from the cache.");

        var rates = app.MapGroup("/api/exchange-rates").WithTags("Credit").RequireAuthorization(AccessPolicies.Read);
        rates.MapGet("/", RecordExchangeRates.ListEndpoint).WithSummary("The rates in effect; ?history=true: every recorded row, superseded ones marked.");
        rates.MapPut("/", RecordExchangeRates.PutEndpoint).RequireAuthorization(LimitsPolicy).WithSummary("Record a rate; the same pair and date again records a correction that supersedes the earlier (reason optional).");

        var rules = app.MapGroup("/api/credit-block-rules").WithTags("Credit").RequireAuthorization(AccessPolicies.Read);
        rules.MapGet("/", CreditSettings.ListRulesEndpoint);
        rules.MapPut("/{code}", CreditSettings.PutRuleEndpoint).RequireAuthorization(LimitsPolicy);
    }
}

/// <summary>Refuses to start with credit settings that are wrong, naming each key and what is wrong with it.</summary>
internal sealed class CreditOptionsValidation(IConfiguration config) : IValidateOptions<CreditOptions>
{
    public ValidateOptionsResult Validate(string? name, CreditOptions options) =>
        CreditOptions.Problems(options, config).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
