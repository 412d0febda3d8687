using System.CommandLine;

namespace Credo.Web.Cli;

internal static class GenerateVerb
{
    public static Command Build()
    {
        var command = new Command("generate", "Not built yet.");
        command.SetAction(_ => CredoCli.Fail("generate is not built yet."));
        return command;
    }
}
