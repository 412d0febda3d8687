using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Demo;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

public sealed class DemoApplicationsTests
{
    [Fact]
    public async Task The_demo_sends_its_applicants_down_the_real_path_and_leaves_work_in_the_queue()
    {
        await using var app = new WorkflowApp();
        app.Scripts.Script("accounts@bayside-market.example", DecisionOutcome.Approve, limitMinor: 20_000_00);
        app.Scripts.Script("accounts@quick-stop.example", DecisionOutcome.Decline, reasons: ["shared bank account with another applicant"]);

        Assert.Equal(6, await DemoApplications.LoadAsync(app.Factory.Services, CancellationToken.None));
        Assert.Equal(0, await DemoApplications.LoadAsync(app.Factory.Services, CancellationToken.None));

        var list = await app.InScope(sp => sp.GetRequiredService<FindApplications>().List(new ApplicationFilter(null, null, null, null, false), CancellationToken.None));
        Assert.Equal(6, list.Items.Count);
        Assert.Equal(1, list.CountsByStatus[ApplicationStatus.Approved]);
        Assert.Equal(1, list.CountsByStatus[ApplicationStatus.Declined]);
        Assert.Equal(2, list.CountsByStatus[ApplicationStatus.InReview]);
        Assert.Single(list.Items, a => a.AwaitingApplicant);
        Assert.Single(list.Items, a => a.AssignedTo == "user:analyst@credo.local" && !a.AwaitingApplicant);
        Assert.NotNull(list.Items.Single(a => a.Status == ApplicationStatus.Approved).CustomerNumber);
    }

    [Fact]
    public async Task Without_the_evidence_and_policy_slices_the_demo_skips_applications()
    {
        await using var app = new CredoApp();
        Assert.Equal(0, await DemoApplications.LoadAsync(app.Services, CancellationToken.None));
        Assert.Equal(0, await app.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.CountAsync()));
    }
}
