using System.Text.Json;
using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Credo.Domain.Tests.Collections;

/// <summary>
/// The rules-based reply classifier measured on labelled replies in five languages (Fixtures/replies.json): the
/// label, and what it read (date, amount, invoices, reason) where the fixture names it.
/// </summary>
public sealed class ReplyClassifierTests(ITestOutputHelper output)
{
    private static readonly DateOnly Monday = new(2026, 12, 7);

    private sealed record Fixture(string Id, string Lang, string Subject, string Body, string Label, string[]? Attachments, DateOnly? On, string? Amount, string[]? Invoices, string? Reason);

    private sealed record FixtureFile(DateOnly ReceivedOn, string Currency, Fixture[] Replies);

    private static FixtureFile Load() =>
        JsonSerializer.Deserialize<FixtureFile>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Collections", "Fixtures", "replies.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static ReplyReading Read(FixtureFile file, Fixture f) =>
        ReplyClassifier.Classify(new ReplyText(f.Subject, f.Body, f.Attachments ?? [], file.ReceivedOn, Currency.Of(file.Currency)));

    [Fact]
    public void The_labelled_set_has_every_label_in_five_languages()
    {
        var file = Load();
        Assert.True(file.Replies.Length >= 50);
        Assert.Equal(["de", "en", "es", "fr", "nl"], file.Replies.Select(r => r.Lang).Distinct().Order());
        Assert.Equal(Enum.GetNames<ReplyLabel>().Order(), file.Replies.Select(r => r.Label).Distinct().Order());
    }

    [Fact]
    public void Labels_are_right_on_at_least_nine_replies_in_ten()
    {
        var file = Load();
        var wrong = file.Replies.Select(f => (f, Got: Read(file, f))).Where(x => x.Got.Label.ToString() != x.f.Label).ToList();
        foreach (var (f, got) in wrong)
        {
            output.WriteLine($"{f.Id}: expected {f.Label}, got {got.Label} ({string.Join("; ", got.Evidence.Select(e => e.Quote))})");
        }

        var accuracy = 1.0 - ((double)wrong.Count / file.Replies.Length);
        output.WriteLine($"label accuracy {accuracy:P1} over {file.Replies.Length} replies");
        Assert.True(accuracy >= 0.9, $"label accuracy {accuracy:P1}");
    }

    [Fact]
    public void Dates_amounts_invoices_and_reasons_are_read_where_the_reply_names_them()
    {
        var file = Load();
        int asked = 0, right = 0;
        foreach (var f in file.Replies)
        {
            var got = Read(file, f);
            var checks = new List<(string What, bool Ok)>();
            if (f.On is { } on)
            {
                checks.Add(("date", got.On == on));
            }

            if (f.Amount is { } amount)
            {
                checks.Add(("amount", got.Amount is { } a && $"{a.Currency.Code} {a.Major:0.00}" == amount));
            }

            if (f.Invoices is { } invoices)
            {
                checks.Add(("invoices", invoices.All(i => got.Invoices.Contains(i))));
            }

            if (f.Reason is { } reason)
            {
                checks.Add(("reason", got.Reason?.ToString() == reason));
            }

            asked += checks.Count;
            right += checks.Count(c => c.Ok);
            foreach (var miss in checks.Where(c => !c.Ok))
            {
                output.WriteLine($"{f.Id}: {miss.What} wrong (on {got.On}, amount {got.Amount}, invoices {string.Join(",", got.Invoices)}, reason {got.Reason})");
            }
        }

        var accuracy = (double)right / asked;
        output.WriteLine($"field accuracy {accuracy:P1} over {asked} fields");
        Assert.True(accuracy >= 0.9, $"field accuracy {accuracy:P1}");
    }

    [Theory]
    [InlineData("We will pay on 2026-12-20.", "2026-12-20")]
    [InlineData("Zahlung erfolgt bis 15.12.", "2026-12-15")]
    [InlineData("We will pay on 12/15/2026.", "2026-12-15")]
    [InlineData("We will pay on January 5th.", "2027-01-05")]
    [InlineData("Nous allons payer le 1er décembre 2027.", "2027-12-01")]
    [InlineData("We will pay tomorrow.", "2026-12-08")]
    [InlineData("We will pay on Monday.", "2026-12-14")]
    [InlineData("We will pay at the end of the month.", "2026-12-31")]
    public void A_promised_date_is_read_in_many_forms(string body, string expected)
    {
        var got = ReplyClassifier.Classify(new ReplyText("Re: reminder", body, [], Monday, Currency.Eur));
        Assert.Equal(ReplyLabel.Promise, got.Label);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), got.On);
    }

    [Theory]
    [InlineData("we will pay EUR 1.234,56", 123456, "EUR")]
    [InlineData("we will pay 1,234.56 USD", 123456, "USD")]
    [InlineData("we will pay £ 99", 9900, "GBP")]
    [InlineData("we will pay 2 400,00 €", 240000, "EUR")]
    [InlineData("we will pay CHF 1'500.00", 150000, "CHF")]
    public void An_amount_is_read_with_its_currency_and_either_decimal_mark(string body, long minor, string currency)
    {
        var got = ReplyClassifier.Classify(new ReplyText("Re: reminder", body + " on Friday.", [], Monday, Currency.Eur));
        Assert.Equal(new Money(minor, Currency.Of(currency)), got.Amount);
    }

    [Fact]
    public void The_quoted_reminder_does_not_count()
    {
        var got = ReplyClassifier.Classify(new ReplyText("Re: reminder", "Thanks.\n\nOn Monday Credo wrote:\n> Your invoice is overdue, we dispute nothing, please pay by Friday.", [], Monday, Currency.Eur));
        Assert.Equal(ReplyLabel.Other, got.Label);
        Assert.Empty(got.Evidence);
    }

    [Fact]
    public void Every_label_but_other_comes_with_evidence_quoted_from_the_reply()
    {
        var file = Load();
        foreach (var f in file.Replies)
        {
            var got = Read(file, f);
            if (got.Label != ReplyLabel.Other)
            {
                Assert.NotEmpty(got.Evidence);
                Assert.All(got.Evidence, e => Assert.Equal(got.Label, e.Label));
            }
        }
    }

    [Property(MaxTest = 300)]
    public bool Any_text_is_classified_with_a_confidence_in_range(string? subject, string? body)
    {
        var got = ReplyClassifier.Classify(new ReplyText(subject ?? string.Empty, body ?? string.Empty, [], Monday, Currency.Eur));
        return got.ConfidencePercent is >= 30 and <= 97 && (got.Label != ReplyLabel.Other || got.ConfidencePercent == 30);
    }

    [Property]
    public bool More_lead_never_lowers_the_confidence(byte top, byte second)
    {
        var t = (top % 20) + 1;
        var s = second % t;
        return ReplyClassifier.Confidence(t, s) >= ReplyClassifier.Confidence(t, Math.Min(s + 1, t));
    }

    [Fact]
    public void A_dispute_without_a_known_reason_is_other()
    {
        var got = ReplyClassifier.Classify(new ReplyText("Re: reminder", "We dispute invoice INV-9. Call me.", [], Monday, Currency.Eur));
        Assert.Equal(ReplyLabel.Dispute, got.Label);
        Assert.Equal(CaseReason.Other, got.Reason);
    }
}
