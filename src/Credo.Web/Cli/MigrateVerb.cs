using System.CommandLine;
using Credo.Web.Data;

namespace Credo.Web.Cli;

internal static class MigrateVerb
{
    public static Command Build()
    {
        var command = new Command("migrate", "Apply pending database migrations (PostgreSQL needs this; SQLite also migrates at start).");
        command.SetAction(async (_, ct) =>
        {
            var app = CredoHost.Build([], new FixedActor("cli:" + Environment.UserName));
            var pending = await Database.PendingMigrationsAsync(app.Services, ct);
            await Database.MigrateAsync(app.Services, ct);
            Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });
        return command;
    }
}
