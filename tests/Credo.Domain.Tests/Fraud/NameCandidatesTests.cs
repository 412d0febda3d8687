using Credo.Domain.Fraud;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Fraud;

public sealed class NameCandidatesTests
{
    private static readonly string[] Words = ["acme", "acne", "blue", "sky", "trading", "traders", "north", "nord", "widgets", "widget", "smith", "smyth", "and", "sons", "co", "ltd", "gmbh", "ab", "x", "holdings"];

    private static Gen<string> Name() =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(Words), n)).Select(ws => string.Join(' ', ws))
            .SelectMany(name => Gen.Choose(0, 3).SelectMany(edits => Gen.Choose(0, 1000).Select(seed => Mutate(name, edits, seed))));

    private static string Mutate(string name, int edits, int seed)
    {
        var random = new Random(seed);
        var chars = name.ToList();
        for (var i = 0; i < edits && chars.Count > 0; i++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, (char)('a' + random.Next(26))); break;
                default: chars[at] = (char)('a' + random.Next(26)); break;
            }
        }

        return new string([.. chars]);
    }

    /// <summary>The pre-filter is lossless: the exact search over candidates finds exactly what it finds over the whole book.</summary>
    [Property(MaxTest = 200)]
    public Property Candidates_never_lose_a_match() =>
        Prop.ForAll(Gen.ListOf(Name(), 60).ToArbitrary(), Name().ToArbitrary(), Gen.Elements(0.6m, 0.75m, 0.85m, 0.95m).ToArbitrary(), (book, applicant, threshold) =>
        {
            var index = new NameCandidates();
            var customers = book.Select((n, i) => new ExistingCustomer($"C{i}", n)).ToList();
            customers.ForEach(c => index.Upsert(c.CustomerId, c.Name));
            var naive = SimilarNames.Find(applicant, customers, threshold, top: 100).Matches.Select(m => m.CustomerId).Order().ToList();
            var filtered = SimilarNames.Find(applicant, index.Candidates(applicant, threshold), threshold, top: 100).Matches.Select(m => m.CustomerId).Order().ToList();
            return naive.SequenceEqual(filtered);
        });

    [Fact]
    public void A_renamed_customer_matches_by_its_new_name_only()
    {
        var index = new NameCandidates();
        index.Upsert("C1", "Acme Trading Ltd");
        index.Upsert("C2", "Blue Sky Widgets");
        index.Upsert("C1", "Northwind Traders");
        Assert.Empty(index.Candidates("Acme Trading"));
        Assert.Contains(index.Candidates("Northwind Trader"), c => c.CustomerId == "C1");
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void The_filter_prunes_a_large_book()
    {
        var index = new NameCandidates();
        for (var i = 0; i < 5000; i++)
        {
            index.Upsert($"C{i}", $"Company {i:D5} Holdings");
        }

        index.Upsert("X", "Acme Trading");
        var candidates = index.Candidates("Acme Tradng Ltd");
        Assert.Contains(candidates, c => c.CustomerId == "X");
        Assert.True(candidates.Count < 50, $"{candidates.Count} candidates");
    }
}
