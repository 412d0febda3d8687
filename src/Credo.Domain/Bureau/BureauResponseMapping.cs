using System.Globalization;
using System.Text.Json;
using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Bureau;

/// <summary>
/// Where each normalised field sits in a bureau's JSON answer. Paths are dot-separated property names with optional
/// array indexes, e.g. <c>report.ratings[0].score</c>; a leading <c>$.</c> is allowed. A path that is not set, or
/// that points at nothing or at null in the answer, leaves its field null (missing, not zero).
/// </summary>
/// <param name="Found">Optional path to a boolean: false means "no match". Without it, any 200 answer is a report.</param>
/// <param name="ScoreMin">The bureau's worst score (mapped to 0).</param>
/// <param name="ScoreMax">The bureau's best score (mapped to 100); a bureau whose best is its lowest number sets min above max.</param>
/// <param name="Currency">Path to the suggested limit's currency code; without it <paramref name="DefaultCurrency"/> is used.</param>
/// <param name="Judgments">Path to a number, or to an array whose length is the count.</param>
public sealed record BureauFieldMapping(
    string? Score = null,
    decimal ScoreMin = 0,
    decimal ScoreMax = 100,
    string? SuggestedLimit = null,
    string? Currency = null,
    string? DefaultCurrency = null,
    string? Bankruptcy = null,
    string? Judgments = null,
    string? Found = null);

public static class BureauResponseMapping
{
    public static BureauAnswer Map(string json, BureauFieldMapping mapping)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return new BureauAnswer.Failed($"The answer is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (mapping.Found is { } foundPath && Find(root, foundPath) is { ValueKind: JsonValueKind.False })
            {
                return new BureauAnswer.NoMatch($"The bureau says no match ({foundPath} is false).", json);
            }

            var score = Number(root, mapping.Score);
            if (!score.IsOk)
            {
                return new BureauAnswer.Failed(score.Error!.Message);
            }

            var limit = Number(root, mapping.SuggestedLimit);
            var judgments = Count(root, mapping.Judgments);
            var bankruptcy = Flag(root, mapping.Bankruptcy);
            if ((limit.Error ?? judgments.Error ?? bankruptcy.Error) is { } error)
            {
                return new BureauAnswer.Failed(error.Message);
            }

            Money? suggested = null;
            if (limit.Value is { } amount)
            {
                var code = mapping.Currency is { } currencyPath && Find(root, currencyPath) is { ValueKind: JsonValueKind.String } c ? c.GetString() : mapping.DefaultCurrency;
                if (!Currency.TryParse(code, out var currency))
                {
                    return new BureauAnswer.Failed($"The suggested limit has no known currency ('{code}').");
                }

                var money = Money.FromMajor(decimal.Round(amount, currency.Value.Scale, MidpointRounding.ToZero), currency.Value, "suggestedLimit");
                if (!money.IsOk)
                {
                    return new BureauAnswer.Failed(money.Error!.Message);
                }

                suggested = money.Value;
            }

            var normalisedScore = score.Value is { } s ? BureauSubjects.Normalise(s, mapping.ScoreMin, mapping.ScoreMax) : (int?)null;
            return new BureauAnswer.Found(new BureauReport(normalisedScore, suggested, bankruptcy.Value, judgments.Value), json);
        }
    }

    /// <summary>The element at <paramref name="path"/>, or null when any step is missing.</summary>
    public static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        foreach (var segment in trimmed.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexes = new List<int>();
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = segment[..bracket];
                foreach (var part in segment[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(part.TrimEnd(']'), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        return null;
                    }

                    indexes.Add(index);
                }
            }

            if (name.Length > 0)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }

            foreach (var index in indexes)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    private static Result<decimal?> Number(JsonElement root, string? path)
    {
        if (path is null || Find(root, path) is not { } e)
        {
            return (decimal?)null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            _ => new ValidationFailed(path, $"{path} is not a number."),
        };
    }

    private static Result<int?> Count(JsonElement root, string? path)
    {
        if (path is null || Find(root, path) is not { } e)
        {
            return (int?)null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.Array => e.GetArrayLength(),
            JsonValueKind.Number when e.TryGetInt32(out var n) && n >= 0 => n,
            _ => new ValidationFailed(path, $"{path} is not a count."),
        };
    }

    private static Result<bool?> Flag(JsonElement root, string? path)
    {
        if (path is null || Find(root, path) is not { } e)
        {
            return (bool?)null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(e.GetString(), out var b) => b,
            _ => new ValidationFailed(path, $"{path} is not true or false."),
        };
    }
}
