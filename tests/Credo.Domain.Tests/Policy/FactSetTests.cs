using Credo.Domain.Policy;

namespace Credo.Domain.Tests.Policy;

public sealed class FactSetTests
{
    [Fact]
    public void An_overlay_adds_its_facts_wins_on_shared_names_and_leaves_both_sets_unchanged()
    {
        var earlier = FactSet.Empty.With("paydex", 70m).With("bureauScore", 55m);
        var today = FactSet.Empty.With("paydex", 82m).With("isExistingCustomer", true);

        var merged = earlier.With(today);

        Assert.Equal(82m, merged.Number("paydex"));
        Assert.Equal(55m, merged.Number("bureauScore"));
        Assert.True(merged.Flag("isExistingCustomer"));
        Assert.Equal(3, merged.Values.Count);
        Assert.Equal(70m, earlier.Number("paydex"));
        Assert.Equal(2, today.Values.Count);
    }
}
