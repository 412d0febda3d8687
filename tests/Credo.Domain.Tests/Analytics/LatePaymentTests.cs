using Credo.Domain.Analytics;

namespace Credo.Domain.Tests.Analytics;

/// <summary>Late-payment features known at issue, the two baselines, the honest split and the scores (issue 13 §5).</summary>
public sealed class LatePaymentTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static InvoiceFact Inv(long id, string issued, string due, long amount, string? paid, string? disputed = null) =>
        new(id, 1, D(issued), D(due), amount, paid is null ? null : D(paid), disputed is null ? null : D(disputed));

    private static readonly CustomerFact Customer = new(1, D("2025-01-01"), "retail");

    private static readonly InvoiceFact[] History =
    [
        Inv(1, "2026-01-01", "2026-01-31", 100_00, "2026-02-10"),                 // 10 days late, 40 days to pay
        Inv(2, "2026-01-15", "2026-02-14", 300_00, "2026-02-10", "2026-01-20"),   // 4 days early, 26 days to pay; disputed Jan 20
        Inv(3, "2026-02-20", "2026-03-22", 400_00, "2026-05-01"),                 // paid after invoice 4 was issued
        Inv(4, "2026-04-01", "2026-05-01", 800_00, null),
    ];

    [Fact]
    public void Features_use_only_what_was_known_on_the_issue_day()
    {
        var rows = LatePayment.Examples(D("2026-06-30"), [Customer], History).ToDictionary(e => e.Invoice.Id, e => e.Features);

        Assert.Equal(0, rows[1].PriorPaid);
        Assert.True(double.IsNaN(rows[1].PriorLateRate));
        Assert.Equal(1.0, rows[1].AmountToUsual); // the first invoice is its own usual
        Assert.Equal(365, rows[1].TenureDays);

        // Invoice 3 (Feb 20): invoices 1 and 2 were paid on Feb 10, one of them late; invoice 2 was disputed before.
        var f3 = rows[3];
        Assert.Equal(2, f3.PriorPaid);
        Assert.Equal(0.5, f3.PriorLateRate);
        Assert.Equal(5.0, f3.PriorDaysLate);   // (10 + 0) / 2: early counts as 0 days late
        Assert.Equal(33.0, f3.PriorDaysToPay); // (40 + 26) / 2
        Assert.Equal(2.0, f3.AmountToUsual);   // 400 against (100 + 300) / 2
        Assert.Equal(0.0, f3.OpenToUsual);
        Assert.Equal(1, f3.PriorDisputes);
        Assert.Equal(2, f3.IssueMonth);
        Assert.Equal("retail", f3.Segment);

        // Invoice 4 (Apr 1): invoice 3 is open and overdue then, though it was paid in May; its payment is not a prior one.
        var f4 = rows[4];
        Assert.Equal(2, f4.PriorPaid);
        Assert.Equal(400.0 / (800.0 / 3), f4.OpenToUsual, 9);
        Assert.Equal(f4.OpenToUsual, f4.OverdueToUsual);
        Assert.Equal(30, f4.TermsDays);
    }

    [Fact]
    public void A_payment_after_the_as_of_day_is_unknown()
    {
        var rows = LatePayment.Examples(D("2026-04-15"), [Customer], History).ToDictionary(e => e.Invoice.Id);
        Assert.Null(rows[3].Invoice.PaidOn);
        Assert.Equal(4, rows.Count);
        Assert.Equal(3, LatePayment.Examples(D("2026-03-31"), [Customer], History).Count); // invoice 4 not issued yet
    }

    [Fact]
    public void The_split_trains_on_what_was_paid_before_the_cutoff_and_tests_on_what_was_issued_after()
    {
        var (train, test) = LatePayment.Split(D("2026-03-01"), D("2026-06-30"), [Customer], History);
        Assert.Equal([1L, 2L], train.Select(e => e.Invoice.Id).Order());
        Assert.Empty(test); // invoice 4 is issued after the cutoff but unpaid: no truth yet
        var (train2, test2) = LatePayment.Split(D("2026-04-01"), D("2026-06-30"), [Customer], History);
        Assert.Equal([1L, 2L], train2.Select(e => e.Invoice.Id).Order()); // invoice 3 was paid after the cutoff: not known then
        Assert.Empty(test2);
    }

    [Theory]
    [InlineData(0, 0.0, 0.25, 0.3, 10.0, 0.3, 10.0)]   // no history: the portfolio's rates
    [InlineData(4, 0.5, 12.0, 0.5, 12.0, 0.5, 12.0)]   // the customer's own record
    public void Baseline_prior_late_rate(int priorPaid, double rate, double days, double portfolioRate, double portfolioDays, double expectedP, double expectedDays)
    {
        var f = new LateFeatures(priorPaid, priorPaid == 0 ? double.NaN : rate, priorPaid == 0 ? double.NaN : days, 40, 1, 30, 100, 0, 0, 0, 1, "x");
        Assert.Equal((expectedP, expectedDays), LatePayment.PriorLateRate(f, portfolioRate, portfolioDays));
    }

    [Theory]
    [InlineData(45.0, 30, 1.0, 15.0)] // pays in 45 days on 30-day terms: late by 15
    [InlineData(20.0, 30, 0.0, 0.0)]  // pays in 20 days: on time
    [InlineData(30.0, 30, 0.0, 0.0)]  // on the due day: on time
    public void Baseline_average_days_to_pay(double daysToPay, int terms, double expectedP, double expectedDays)
    {
        var f = new LateFeatures(3, 0, 0, daysToPay, 1, terms, 100, 0, 0, 0, 1, "x");
        Assert.Equal((expectedP, expectedDays), LatePayment.AverageDaysToPay(f, 99));
    }

    [Fact]
    public void AUC_is_the_Mann_Whitney_statistic_with_ties_counting_half()
    {
        // Hanley and McNeil (1982): AUC = P(score of a positive > score of a negative); here 3 of 4 pairs ordered, one tie.
        Assert.Equal(1.0, ForecastScores.Auc([(0.9, true), (0.8, true), (0.3, false), (0.1, false)]));
        Assert.Equal(0.0, ForecastScores.Auc([(0.1, true), (0.9, false)]));
        Assert.Equal(0.5, ForecastScores.Auc([(0.5, true), (0.5, false)]));
        Assert.Equal(0.875, ForecastScores.Auc([(0.9, true), (0.4, true), (0.4, false), (0.1, false)]));
        Assert.True(double.IsNaN(ForecastScores.Auc([(0.9, true)])));
    }

    [Fact]
    public void Brier_and_MAE_and_quantiles()
    {
        // Brier (1950): mean of (p − o)²; a forecast of 0.7 for rain that came and 0.2 for rain that did not: (0.09 + 0.04) / 2.
        Assert.Equal(0.065, ForecastScores.Brier([(0.7, true), (0.2, false)]), 12);
        Assert.Equal(0.25, ForecastScores.Brier([(0.5, true), (0.5, false)]));
        Assert.Equal(3.0, ForecastScores.Mae([(10, 7), (2, 5)]));
        Assert.Equal(2.5, ForecastScores.Quantile([4, 1, 3, 2], 0.5));
        Assert.Equal(1.3, ForecastScores.Quantile([1, 2, 3, 4], 0.1), 12);
    }

    [Fact]
    public void The_simulation_is_the_same_for_the_same_seed_and_late_payers_depend_on_the_features()
    {
        var asOf = D("2026-12-07");
        var (_, a) = PayerSimulation.Generate(new Random(5), 50, 20, 24, asOf);
        var (_, b) = PayerSimulation.Generate(new Random(5), 50, 20, 24, asOf);
        Assert.Equal(a, b);
        var rows = LatePayment.Examples(asOf, [], a).Where(e => e.Invoice.PaidOn is not null).ToList();
        double LateShare(IEnumerable<LateExample> r) => r.Average(e => e.Invoice.PaidLate ? 1.0 : 0.0);
        Assert.True(LateShare(rows.Where(e => e.Features.IssueMonth == 12)) > LateShare(rows.Where(e => e.Features.IssueMonth is 3 or 4 or 5)));
        Assert.True(LateShare(rows.Where(e => e.Features.AmountToUsual > 2.5)) > LateShare(rows.Where(e => e.Features.AmountToUsual < 1)));
    }
}
