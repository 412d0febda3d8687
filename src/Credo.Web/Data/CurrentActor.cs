using System.Security.Claims;

namespace Credo.Web.Data;

/// <summary>Who is acting: recorded on ledger entries and in the audit trail.</summary>
internal interface ICurrentActor
{
    string Name { get; }
}

internal sealed class HttpActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public string Name
    {
        get
        {
            if (ActingAs.Current is { } acting) // assist (issue 14 §6): Credo acting by itself inside a request, e.g. applying a reply
            {
                return acting;
            }

            if (accessor.HttpContext is null)
            {
                return "system";
            }

            var user = accessor.HttpContext.User;
            if (user?.Identity?.IsAuthenticated != true)
            {
                return "anonymous";
            }

            var name = user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
            return name.StartsWith("apikey:", StringComparison.Ordinal) ? name : "user:" + name;
        }
    }
}

/// <summary>The actor for command-line verbs and background work.</summary>
internal sealed class FixedActor(string name) : ICurrentActor
{
    public string Name => ActingAs.Current ?? name;
}

/// <summary>
/// assist (issue 14 §6): work Credo does by itself while serving someone (the assistant applying a customer's reply)
/// is recorded under its own name: <c>using (ActingAs.Begin("assistant")) { ... }</c>. Flows with the async call, not
/// to other requests.
/// </summary>
internal static class ActingAs
{
    private static readonly AsyncLocal<string?> Name = new();

    public static string? Current => Name.Value;

    public static IDisposable Begin(string actor)
    {
        var before = Name.Value;
        Name.Value = actor;
        return new Restore(before);
    }

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => Name.Value = before;
    }
}
