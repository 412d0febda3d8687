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
    public string Name { get; } = name;
}
