namespace Credo.Web.Features.Ledger;

internal static class LedgerFeature
{
    public static IServiceCollection AddLedger(this IServiceCollection services) =>
        services
            .AddScoped<PostInvoice>()
            .AddScoped<PostCreditNote>()
            .AddScoped<RecordPayment>()
            .AddScoped<AllocateCredit>()
            .AddScoped<UnapplyAllocation>()
            .AddScoped<ReverseEntry>()
            .AddScoped<WriteOffInvoice>()
            .AddScoped<PostAdjustment>()
            .AddScoped<OpenDispute>()
            .AddScoped<ResolveDispute>()
            .AddScoped<GetDocument>()
            .AddScoped<FindInvoices>()
            .AddScoped<GetOpenItems>()
            .AddScoped<GetStatement>()
            .AddScoped<GetBalanceSummary>();

    public static void MapLedgerApi(this IEndpointRouteBuilder app)
    {
    }
}
