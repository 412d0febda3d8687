using Credo.Domain.Fraud;

namespace Credo.Domain.Tests.Fraud;

public sealed class EmailDomainsTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("https://www.Example.com/about", "example.com")]
    [InlineData("http://shop.example.co.uk:8080/x?y", "example.co.uk")]
    [InlineData("mail.example.com.au", "example.com.au")]
    [InlineData("example.de.", "example.de")]
    [InlineData("co.uk", null)]
    [InlineData("localhost", null)]
    public void Registrable_domain(string host, string? domain) =>
        Assert.Equal(domain, EmailDomains.RegistrableDomain(host));

    [Theory]
    // email, website, free-mail outcome, mismatch outcome
    [InlineData("jane@gmail.com", "https://acme.com", SignalOutcome.Raised, SignalOutcome.NotApplicable)]
    [InlineData("jane@yahoo.co.uk", "acme.co.uk", SignalOutcome.Raised, SignalOutcome.NotApplicable)]
    [InlineData("jane@acme.com", "https://www.acme.com", SignalOutcome.Clear, SignalOutcome.Clear)]
    [InlineData("jane@sales.acme.co.uk", "www.acme.co.uk", SignalOutcome.Clear, SignalOutcome.Clear)]
    [InlineData("jane@acme-payments.com", "acme.com", SignalOutcome.Clear, SignalOutcome.Raised)]
    [InlineData("jane@acme.co.uk", "acme.com", SignalOutcome.Clear, SignalOutcome.Raised)]
    [InlineData("jane@gmail.com", null, SignalOutcome.NotApplicable, SignalOutcome.NotApplicable)]
    [InlineData("not-an-email", "acme.com", SignalOutcome.NotApplicable, SignalOutcome.NotApplicable)]
    [InlineData(null, "acme.com", SignalOutcome.NotApplicable, SignalOutcome.NotApplicable)]
    public void Email_against_website(string? email, string? website, SignalOutcome freeMail, SignalOutcome mismatch)
    {
        var signals = EmailDomains.Check(email, website);
        Assert.Equal(freeMail, signals.Single(s => s.Code == EmailDomains.FreeMailCode).Outcome);
        Assert.Equal(mismatch, signals.Single(s => s.Code == EmailDomains.MismatchCode).Outcome);
    }
}
