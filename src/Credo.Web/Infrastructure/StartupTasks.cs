using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Runs before the server takes requests: migrates SQLite (PostgreSQL only when
/// <c>Database:MigrateAtStart</c> is true; otherwise the <c>migrate</c> verb), creates the roles, and when no
/// staff user exists yet creates the first admin and prints its password once.
/// </summary>
internal sealed class StartupTasks(IServiceProvider services, IConfiguration config, ILogger<StartupTasks> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = Database.ProviderFrom(config);
        if (provider == DatabaseProvider.Sqlite || config.GetValue<bool>("Database:MigrateAtStart"))
        {
            await Database.MigrateAsync(services, cancellationToken);
        }
        else if ((await Database.PendingMigrationsAsync(services, cancellationToken)).Count > 0)
        {
            throw new InvalidOperationException("The PostgreSQL database has pending migrations: run `migrate` first.");
        }

        using var scope = services.CreateScope();
        await EnsureRolesAsync(scope.ServiceProvider);
        await Features.Imports.InterruptedImports.MarkAsync(scope.ServiceProvider.GetRequiredService<CreditDb>(), cancellationToken); // issue 12 §5 (screens)
        if (config.GetValue("Credo:CreateFirstAdmin", true))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CreditUser>>();
            if (!users.Users.Any())
            {
                var email = config["Credo:FirstAdminEmail"] ?? "admin@credo.local";
                var password = config["Credo:FirstAdminPassword"] ?? Passwords.Generate();
                var result = await UserAccounts.CreateAsync(users, email, password, Roles.Admin, "First admin");
                if (result.Succeeded)
                {
                    log.LogWarning("First admin created: {Email} with password {Password} (shown once; change it after signing in)", email, password);
                    Console.WriteLine($"First admin: {email} / {password} (shown once)");
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task EnsureRolesAsync(IServiceProvider sp)
    {
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

internal static class Passwords
{
    /// <summary>A 20-character random password from an unambiguous alphabet.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return "Cr" + System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 18);
    }
}

internal static class UserAccounts
{
    public static async Task<IdentityResult> CreateAsync(UserManager<CreditUser> users, string email, string password, string role, string? displayName)
    {
        var user = new CreditUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
    }
}

internal sealed class DatabaseHealthCheck(CreditDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{db.Provider} reachable")
            : HealthCheckResult.Unhealthy($"{db.Provider} unreachable");
}
