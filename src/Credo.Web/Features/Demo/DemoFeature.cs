namespace Credo.Web.Features.Demo;

internal static class DemoFeature
{
    public static IServiceCollection AddDemo(this IServiceCollection services) => services;
}
