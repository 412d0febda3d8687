using Credo.Web.Cli;

namespace Credo.Web;

/// <summary>
/// The one host is also the command-line tool: <c>serve</c> (the default) runs the web app; the other verbs
/// (<c>migrate</c>, <c>demo</c>, <c>import</c>, ...) run against the same configuration and services.
/// </summary>
public partial class Program
{
    public static Task<int> Main(string[] args) => CredoCli.RunAsync(args);
}
