namespace Credo.Web.Features.Imports;

internal static class ImportsFeature
{
    public static IServiceCollection AddImports(this IServiceCollection services) => services;

    public static void MapImportsApi(this IEndpointRouteBuilder app)
    {
    }
}
