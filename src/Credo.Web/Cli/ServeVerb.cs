using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Credo.Web.Cli;

internal static class ServeVerb
{
    public static Command Build()
    {
        var demo = new Option<bool>("--demo") { Description = "Load the demo wholesale seller first if the database has no customers." };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://localhost:5080)." };
        var command = new Command("serve", "Run the web app and API (the default verb).") { TreatUnmatchedTokensAsErrors = false };
        command.Options.Add(demo);
        command.Options.Add(urls);
        command.SetAction(async (parse, ct) =>
        {
            string[] hostArgs = [.. parse.UnmatchedTokens, "--urls", parse.GetValue(urls) ?? "http://localhost:5080"];
            if (parse.GetValue(demo))
            {
                hostArgs = [.. hostArgs, "--Credo:FirstAdminEmail=admin@credo.local", .. DemoSeeder.SellerDefaults(hostArgs), .. DemoSeeder.LocalBureauDefaults(hostArgs)];
            }

            var app = CredoHost.Build(hostArgs);
            if (parse.GetValue(demo))
            {
                if (Database.ProviderFrom(app.Configuration) == DatabaseProvider.Sqlite)
                {
                    await Database.MigrateAsync(app.Services, ct);
                }

                Console.WriteLine("Loading the demo seller (first run only)...");
                var loaded = await DemoSeeder.EnsureDemoAsync(app.Services, ct);
                Console.WriteLine(loaded is null
                    ? "The database already has customers: demo data not loaded."
                    : $"Demo loaded: {loaded.Customers} customers, {loaded.Invoices} invoices, {loaded.Payments} payments in {loaded.Elapsed.TotalSeconds:0.0} s.");
            }

            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var db = Database.ProviderFrom(app.Configuration) == DatabaseProvider.Sqlite ? Database.SqliteConnectionString(app.Configuration) : "PostgreSQL";
                Console.WriteLine();
                Console.WriteLine($"Credo is running. Sign in at {addresses.FirstOrDefault() ?? "?"}/account/sign-in");
                Console.WriteLine($"  API reference: {addresses.FirstOrDefault()}/api-docs    Database: {db}");
                if (parse.GetValue(demo))
                {
                    Console.WriteLine($"  Demo sign-in: {DemoSeeder.DemoEmail} / {DemoSeeder.DemoPassword}");
                    Console.WriteLine("  Other roles: " + string.Join(", ", DemoSeeder.Staff.Where(s => s.Email != DemoSeeder.DemoEmail).Select(s => $"{s.Email} / {s.Password} ({s.Role})")));
                    Console.WriteLine($"  Buyer portal: {addresses.FirstOrDefault()}/portal/sign-in as {DemoPortal.Email} / {DemoPortal.Password}");
                }

                Console.WriteLine("Press Ctrl+C to stop.");
            });
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
