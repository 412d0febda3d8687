using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Cli;

internal static class UsersVerb
{
    public static Command Build()
    {
        var email = new Argument<string>("email") { Description = "The user's email, also the sign-in name." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var password = new Option<string?>("--password") { Description = "At least 12 characters; generated and printed once when omitted." };
        var add = new Command("add", "Add a staff user.") { email, role, password };
        add.SetAction(async (parse, ct) =>
        {
            var normal = Roles.Normalise(parse.GetValue(role));
            if (normal is null)
            {
                return CredoCli.Fail($"role must be one of {string.Join(", ", Roles.All)}");
            }

            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CreditUser>>();
            var pw = parse.GetValue(password) ?? Passwords.Generate();
            var result = await UserAccounts.CreateAsync(users, parse.GetValue(email)!, pw, normal, null);
            if (!result.Succeeded)
            {
                return CredoCli.Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            Console.WriteLine($"Added {parse.GetValue(email)} as {normal}.");
            if (parse.GetValue(password) is null)
            {
                Console.WriteLine($"Password (shown once): {pw}");
            }

            return 0;
        });

        var list = new Command("list", "List staff users and their roles.");
        list.SetAction(async (_, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CreditUser>>();
            foreach (var u in await users.Users.OrderBy(u => u.Email).ToListAsync(ct))
            {
                Console.WriteLine($"{u.Email,-40} {string.Join(",", await users.GetRolesAsync(u))}");
            }

            return 0;
        });

        return new Command("users", "Manage staff users.") { add, list };
    }
}
