using System.Text;
using Credo.Domain.Collections;
using FsCheck.Xunit;
using static Credo.Domain.Collections.CaseEvent;
using static Credo.Domain.Collections.CaseStatus;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>The dispute and deduction case lifecycle as one table, its postings, the disputed part, the service level and the upload check.</summary>
public sealed class DisputeCaseFlowTests
{
    private static readonly (CaseStatus From, CaseEvent Event, CaseStatus To)[] Allowed =
    [
        (Open, Investigate, Investigating),
        (Open, AskCustomer, AwaitingCustomer),
        (Open, ResolveByCreditNote, ResolvedByCreditNote),
        (Open, ResolveAsValid, ResolvedAsValid),
        (Open, WriteOff, WrittenOff),
        (Investigating, AskCustomer, AwaitingCustomer),
        (Investigating, ResolveByCreditNote, ResolvedByCreditNote),
        (Investigating, ResolveAsValid, ResolvedAsValid),
        (Investigating, WriteOff, WrittenOff),
        (AwaitingCustomer, CustomerAnswered, Investigating),
        (AwaitingCustomer, ResolveByCreditNote, ResolvedByCreditNote),
        (AwaitingCustomer, ResolveAsValid, ResolvedAsValid),
        (AwaitingCustomer, WriteOff, WrittenOff),
    ];

    public static TheoryData<CaseStatus, CaseEvent> Every()
    {
        var data = new TheoryData<CaseStatus, CaseEvent>();
        foreach (var s in DisputeCaseFlow.States)
        {
            foreach (var e in DisputeCaseFlow.Events)
            {
                data.Add(s, e);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void A_case_moves_only_as_the_table_says(CaseStatus from, CaseEvent happened)
    {
        var result = DisputeCaseFlow.Next(from, happened);
        var allowed = Allowed.Where(a => a.From == from && a.Event == happened).ToList();
        if (allowed.Count == 1)
        {
            Assert.Equal(allowed[0].To, result.Value);
        }
        else
        {
            Assert.Equal("case-transition-not-allowed", result.Error!.Code);
            Assert.DoesNotContain("_", result.Error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Open, true)]
    [InlineData(Investigating, true)]
    [InlineData(AwaitingCustomer, true)]
    [InlineData(ResolvedByCreditNote, false)]
    [InlineData(ResolvedAsValid, false)]
    [InlineData(WrittenOff, false)]
    public void Only_open_states_keep_the_disputed_part_out_of_dunning_and_no_resolved_state_moves(CaseStatus status, bool open)
    {
        Assert.Equal(open, DisputeCaseFlow.IsOpen(status));
        Assert.Equal(open, DisputeCaseFlow.Events.Any(e => DisputeCaseFlow.Next(status, e).IsOk));
    }

    [Theory]
    [InlineData(ResolveByCreditNote, CasePosting.CreditNote)]
    [InlineData(WriteOff, CasePosting.WriteOff)]
    [InlineData(ResolveAsValid, CasePosting.None)]
    [InlineData(Investigate, CasePosting.None)]
    [InlineData(AskCustomer, CasePosting.None)]
    [InlineData(CustomerAnswered, CasePosting.None)]
    public void Resolving_by_credit_note_or_write_off_posts_through_the_ledger_and_nothing_else_does(CaseEvent happened, CasePosting posting) =>
        Assert.Equal(posting, DisputeCaseFlow.PostingFor(happened));

    [Theory]
    [InlineData(500_00, null, 500_00, null)]              // nothing asked: all that is open
    [InlineData(500_00, 120_00, 120_00, null)]            // a part
    [InlineData(500_00, 500_00, 500_00, null)]            // all of it, said
    [InlineData(500_00, 500_01, 0, "validation")]         // more than open
    [InlineData(500_00, 0, 0, "validation")]              // nothing
    [InlineData(0, null, 0, "invoice-not-open")]          // a paid invoice
    public void The_disputed_part_is_more_than_zero_and_at_most_what_is_open(long openMinor, int? askedMinor, long expected, string? error)
    {
        var result = DisputeCaseFlow.DisputedPart(Money.Usd(openMinor), askedMinor is { } a ? Money.Usd(a) : null);
        Assert.Equal(error, result.Error?.Code);
        if (error is null)
        {
            Assert.Equal(Money.Usd(expected), result.Value);
        }
    }

    [Fact]
    public void A_disputed_part_in_another_currency_is_refused() =>
        Assert.Equal("amount", DisputeCaseFlow.DisputedPart(Money.Usd(100_00), Money.Eur(10_00)).Error!.Field);

    [Theory]
    [InlineData(120_00, 500_00, null, 120_00, null)]     // the disputed part
    [InlineData(120_00, 80_00, null, 80_00, null)]       // less is still open (paid meanwhile): what is open
    [InlineData(120_00, 500_00, 100_00, 100_00, null)]   // an agreed lower amount
    [InlineData(120_00, 500_00, 120_01, 0, "validation")] // never more than disputed
    [InlineData(120_00, 0, null, 0, "invoice-not-open")] // nothing open any more
    public void A_resolution_posts_the_disputed_part_or_an_agreed_lower_amount(long disputed, long openNow, int? agreed, long expected, string? error)
    {
        var result = DisputeCaseFlow.ResolutionAmount(Money.Usd(disputed), Money.Usd(openNow), agreed is { } a ? Money.Usd(a) : null);
        Assert.Equal(error, result.Error?.Code);
        if (error is null)
        {
            Assert.Equal(Money.Usd(expected), result.Value);
        }
    }

    [Theory]
    [InlineData(5_00, false)]
    [InlineData(5_01, true)]
    [InlineData(0, false)]
    public void A_short_payment_is_a_deduction_above_the_tolerance(long leftMinor, bool deduction) =>
        Assert.Equal(deduction, DisputeCaseFlow.IsDeduction(Money.Usd(leftMinor), 5_00));

    [Theory]
    [InlineData(CaseReason.DuplicateBilling, 5)]
    [InlineData(CaseReason.Price, 10)]
    [InlineData(CaseReason.NotReceived, 10)]
    [InlineData(CaseReason.Damaged, 14)]
    [InlineData(CaseReason.QuantityShort, 14)]
    [InlineData(CaseReason.Other, 14)]
    public void The_service_level_sets_the_due_date_by_reason(CaseReason reason, int days)
    {
        var opened = new DateOnly(2026, 12, 7);
        Assert.Equal(opened.AddDays(days), CaseServiceLevel.Standard.DueOn(reason, opened));
        Assert.Equal(opened.AddDays(days == 14 ? 30 : days), (CaseServiceLevel.Standard with { Default = 30 }).DueOn(reason, opened));
    }

    [Theory]
    [InlineData(Open, 0, 0)]
    [InlineData(Open, 3, 3)]
    [InlineData(AwaitingCustomer, -2, 0)]
    [InlineData(ResolvedAsValid, 9, 0)]
    public void Days_past_the_service_level_count_only_for_open_cases(CaseStatus status, int daysAfterDue, int expected)
    {
        var due = new DateOnly(2026, 12, 7);
        Assert.Equal(expected, DisputeCaseFlow.DaysPastServiceLevel(status, due, due.AddDays(daysAfterDue)));
    }

    [Property]
    public bool Every_slug_reads_back(byte pick)
    {
        var reason = DisputeCaseFlow.Reasons[pick % DisputeCaseFlow.Reasons.Count];
        var happened = DisputeCaseFlow.Events[pick % DisputeCaseFlow.Events.Count];
        return DisputeCaseFlow.ParseReason(DisputeCaseFlow.Slug(reason)) == reason && DisputeCaseFlow.ParseEvent(" " + DisputeCaseFlow.Slug(happened).ToUpperInvariant()) == happened;
    }

    public static TheoryData<string, string, long, string?> Uploads() => new()
    {
        { "invoice.pdf", "%PDF-1.7\n...", 2_000, "application/pdf" },
        { "photo.png", "\u0089PNG\r\n\u001a\n....", 40_000, "image/png" },
        { "photo.jpg", "\u00ff\u00d8\u00ff\u00e0....", 40_000, "image/jpeg" },
        { "note.txt", "The pallet arrived damaged.\r\n", 29, "text/plain" },
        { "note.pdf", "The pallet arrived damaged.", 27, null },            // a name is not a type
        { "run.exe", "MZ\u0090\u0000", 4_000, null },                          // not an allowed type
        { "note.txt", "MZ\u0090\u0000\u0001", 5, null },                       // binary named .txt
        { "big.pdf", "%PDF-1.7", (5 * 1024 * 1024) + 1, null },              // over 5 MB
        { "empty.pdf", "", 0, null },
        { "", "%PDF-1.7", 100, null },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public void An_upload_is_checked_by_size_and_by_its_first_bytes(string name, string head, long size, string? type)
    {
        var bytes = Encoding.Latin1.GetBytes(head);
        var result = CaseAttachments.Check(new UploadFacts(name, "application/octet-stream", size, bytes));
        Assert.Equal(type, result.Value);
        if (type is null)
        {
            Assert.Equal("attachment", result.Error!.Field);
        }
    }
}
