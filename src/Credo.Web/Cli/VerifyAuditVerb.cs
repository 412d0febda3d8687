using System.CommandLine;
using Credo.Web.Features.Admin;

namespace Credo.Web.Cli;

/// <summary>
/// <c>verify-audit</c>: checks the audit trail's hash chain (issue 12 §2) and prints "intact, N rows" and the head
/// hash (keep it elsewhere: a later run proves nothing before it was rewritten), or the first broken link (row,
/// time, what is wrong); exits 3 when broken.
/// </summary>
internal static class VerifyAuditVerb
{
    public static Command Build()
    {
        var command = new Command("verify-audit", "Check that the audit trail is intact: every row still matches its link in the hash chain.");
        command.SetAction(async (_, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<VerifyAudit>().Handle(ct);
            Console.WriteLine("audit: " + result.Summary);
            Console.WriteLine("head: " + result.Head);
            return result.Intact ? 0 : 3;
        });
        return command;
    }
}
