using System.CommandLine;

namespace Credo.Web.Cli;

internal static class DemoVerb
{
    public static Command Build()
    {
        var command = new Command("demo", "Not built yet.");
        command.SetAction(_ => CredoCli.Fail("demo is not built yet."));
        return command;
    }
}
