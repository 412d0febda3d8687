using System.CommandLine;
using Credo.Web.Features.Admin;
using Credo.Web.Infrastructure;

namespace Credo.Web.Cli;

internal static class ApiKeysVerb
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "A name for the client, e.g. erp-prod.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var create = new Command("create", "Create an API key; the key is printed once and stored only as a hash.") { name, role };
        create.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest(parse.GetValue(name), parse.GetValue(role)), ct);
            if (!result.IsOk)
            {
                return CredoCli.Fail($"{result.Error!.Field}: {result.Error.Message}");
            }

            Console.WriteLine($"API key for {result.Value!.Name} ({result.Value.Role}), shown once:");
            Console.WriteLine(result.Value.Key);
            return 0;
        });

        var list = new Command("list", "List API keys (never the secrets).");
        list.SetAction(async (_, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            foreach (var k in await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().List(ct))
            {
                Console.WriteLine($"{k.Name,-24} {k.Role,-14} credo_{k.Prefix}_…  {(k.RevokedAtUtc is null ? "active" : "revoked")}  last used {k.LastUsedAtUtc?.ToString("u") ?? "never"}");
            }

            return 0;
        });

        var revokeName = new Argument<string>("name");
        var revoke = new Command("revoke", "Revoke an API key.") { revokeName };
        revoke.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Revoke(parse.GetValue(revokeName)!, ct);
            return result.IsOk ? 0 : CredoCli.Fail(result.Error!.Message);
        });

        return new Command("apikeys", "Manage API keys for machine clients.") { create, list, revoke };
    }
}
