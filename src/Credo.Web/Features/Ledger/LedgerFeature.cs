namespace Credo.Web.Features.Ledger;

internal static class LedgerFeature
{
    public static IServiceCollection AddLedger(this IServiceCollection services) => services;

    public static void MapLedgerApi(this IEndpointRouteBuilder app)
    {
    }
}
