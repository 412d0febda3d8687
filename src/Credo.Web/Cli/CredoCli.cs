using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Cli;

/// <summary>
/// The command line: <c>dotnet run --project src/Credo.Web -- &lt;verb&gt;</c>. With no verb (or only host options
/// such as <c>--urls</c>) it serves the web app.
/// </summary>
internal static class CredoCli
{
    public static readonly string[] Verbs = ["serve", "migrate", "demo", "generate", "import", "export", "users", "apikeys", "reconcile", "replay", "dunning", "verify-audit", "predictions", "seal-ledger", "aging-snapshots"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?" or "--version")))
        {
            args = ["serve", .. args];
        }

        var root = new RootCommand("Credo: B2B credit management. Verbs run against the configured database (Database:Provider, ConnectionStrings:Credo).");
        root.Subcommands.Add(ServeVerb.Build());
        root.Subcommands.Add(MigrateVerb.Build());
        root.Subcommands.Add(DemoVerb.Build());
        root.Subcommands.Add(GenerateVerb.Build());
        root.Subcommands.Add(ImportVerb.Build());
        root.Subcommands.Add(ExportVerb.Build());
        root.Subcommands.Add(UsersVerb.Build());
        root.Subcommands.Add(ApiKeysVerb.Build());
        root.Subcommands.Add(ReconcileVerb.Build());
        root.Subcommands.Add(ReplayVerb.Build());
        root.Subcommands.Add(DunningVerb.Build()); // collections (issue 14)
        root.Subcommands.Add(VerifyAuditVerb.Build()); // audit hash chain (issue 12 §2)
        root.Subcommands.Add(PredictionsVerb.Build()); // analytics (issue 13 §5)
        root.Subcommands.Add(SealLedgerVerb.Build()); // one-time seal of an upgraded ledger (issue 12, ADR 0020)
        root.Subcommands.Add(AgingSnapshotsVerb.Build()); // month-end aging snapshots (issue 13 §9)
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// The same services as the web app, for a verb: configuration from appsettings, environment and
    /// <paramref name="hostArgs"/>; the actor is "cli:&lt;os user&gt;". SQLite is migrated first.
    /// </summary>
    public static async Task<WebApplication> HostAsync(string[]? hostArgs = null, bool migrate = true)
    {
        var app = CredoHost.Build(hostArgs ?? [], new FixedActor("cli:" + Environment.UserName));
        if (migrate && Database.ProviderFrom(app.Configuration) == DatabaseProvider.Sqlite)
        {
            await Database.MigrateAsync(app.Services);
        }

        using var scope = app.Services.CreateScope();
        await StartupTasks.EnsureRolesAsync(scope.ServiceProvider);
        return app;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 1;
    }
}
