using System.Runtime.CompilerServices;

namespace Credo.Web.Tests.Support;

/// <summary>
/// The suite starts hundreds of hosts, and each one's web root file provider watches wwwroot (asp-append-version) with an
/// inotify instance: the machine allows 128 per user, so a long run on a busy machine (or two suites at once) answered
/// 500 from every page once they ran out. Tests poll instead; nothing in a test edits wwwroot.
/// </summary>
internal static class NoFileWatchers
{
    [ModuleInitializer]
    internal static void PollInstead() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
