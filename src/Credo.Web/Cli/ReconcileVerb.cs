using System.CommandLine;

namespace Credo.Web.Cli;

internal static class ReconcileVerb
{
    public static Command Build()
    {
        var command = new Command("reconcile", "Not built yet.");
        command.SetAction(_ => CredoCli.Fail("reconcile is not built yet."));
        return command;
    }
}
