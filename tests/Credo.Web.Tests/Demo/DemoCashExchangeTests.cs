using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Credo.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Demo;

/// <summary>The demo's payment in another currency (issue 15, stage 3): applied at today's rate, the exchange difference said in both currencies.</summary>
public sealed class DemoCashExchangeTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    [Fact]
    public async Task The_euro_accounts_payment_for_a_dollar_invoice_is_applied_with_its_exchange_difference()
    {
        var line = await demo.App.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var account = await db.SellerBankAccounts.AsNoTracking().SingleAsync(a => a.Account == DemoCashExchange.Account);
            var statement = await db.BankStatements.AsNoTracking().SingleAsync(s => s.BankAccountId == account.Id);
            return (await sp.GetRequiredService<ReadCashApplication>().Lines(statement.Id, null, CancellationToken.None)).Single();
        });

        Assert.Equal("applied", line.Status);
        Assert.Equal("EUR", line.Currency);
        Assert.Equal("USD", line.AllocationCurrency);
        Assert.Matches(@"^[\d,]+\.00 EUR at 1\.0850 = [\d,]+\.\d\d USD(; \d+\.\d\d USD exchange difference \(a (loss|gain)\))?$", line.Exchange);
    }
}
