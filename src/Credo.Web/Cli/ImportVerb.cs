using System.CommandLine;

namespace Credo.Web.Cli;

internal static class ImportVerb
{
    public static Command Build()
    {
        var command = new Command("import", "Not built yet.");
        command.SetAction(_ => CredoCli.Fail("import is not built yet."));
        return command;
    }
}
