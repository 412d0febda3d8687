using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>
/// A production install that never configured a bureau decides nothing on invented facts: the local bureau is off by
/// default, and an application nobody has checked a credit file for goes to a person, with the reason in words.
/// </summary>
public sealed class FailClosedTests
{
    [Fact]
    public void By_default_no_bureau_is_asked()
    {
        var defaults = new BureauOptions();
        Assert.Equal(["manual"], defaults.Order);
        Assert.False(defaults.AsksABureau);
        Assert.True(new BureauOptions { Waterfall = ["manual", "local", "local", " "] } is { Order: ["manual", "local"], AsksABureau: true });
    }

    [Fact]
    public async Task With_default_settings_an_application_that_would_be_approved_is_referred_because_no_bureau_is_configured()
    {
        await using var install = new CredoApp { LocalBureau = false };
        // The local bureau, were it on, would give this applicant a clean file (and the default policy would approve).
        var taxId = EndToEndTests.TaxIdWhere(r => r.Score >= 50 && r.Judgments == 0 && r.Bankruptcy == false && r.SuggestedLimit!.Value.Minor >= 20_000_00);

        var (_, application) = await EndToEndTests.Submit(install, "Fairweather Provisions", taxId, requestedLimit: 20_000, revenue: 1_000_000);

        Assert.Equal(ApplicationStatus.Referred, application.Status);
        var (events, pulls) = await install.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return (await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == application.Id).OrderBy(e => e.Id).ToListAsync(),
                await db.BureauPulls.AsNoTracking().Where(p => p.ApplicationId == application.Id).ToListAsync());
        });
        var referred = Assert.Single(events, e => e.ToStatus == ApplicationStatus.Referred);
        Assert.StartsWith("No credit bureau is configured and no bureau report was entered by hand, so a person decides.", referred.Text, StringComparison.Ordinal);
        Assert.All(pulls, p => Assert.Equal("manual", p.Provider));
        Assert.Null(application.CustomerId);
    }
}
