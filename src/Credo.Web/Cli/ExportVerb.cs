using System.CommandLine;

namespace Credo.Web.Cli;

internal static class ExportVerb
{
    public static Command Build()
    {
        var command = new Command("export", "Not built yet.");
        command.SetAction(_ => CredoCli.Fail("export is not built yet."));
        return command;
    }
}
