using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Domain.Scoring;

namespace Credo.Domain.Policy;

/// <summary>
/// The stored and edited form of a policy version: one JSON document. Reading reports every structural problem by
/// path (the meaning is checked by <see cref="PolicyValidation"/>); writing gives the canonical form, so that what is
/// stored is exactly what is evaluated and replayed.
/// <code>
/// {
///   "scorecard": { "factors": [ { "name": "paydex", "weight": 30, "bands": [ { "from": null, "to": 50, "points": 0 }, ... ] } ],
///                  "classes": [ { "riskClass": "high", "minScore": 0 }, ... ] },
///   "limit": { "useRequested": true, "revenueShare": 0.1, "useBureauSuggestion": true, "netWorthMultiple": 0.25 },
///   "reviewMonths": { "high": 3, "medium": 6, "low": 12 },
///   "defaultTerms": "NET30",
///   "fourEyesAbove": { "USD": 50000, "EUR": 50000 },
///   "rules": [
///     { "name": "Bankruptcy", "when": [ { "fact": "bureauBankruptcy", "op": "=", "value": true } ],
///       "then": { "outcome": "decline", "code": "bankruptcy", "text": "An insolvency filing is on record." } },
///     { "name": "Thin file", "when": [ { "anyOf": [ { "fact": "yearsInBusiness", "op": "&lt;", "value": 2 }, { "fact": "bureauScore", "op": "missing" } ] } ],
///       "then": { "outcome": "refer", "reason": "Young business or no bureau file." } },
///     { "name": "Good", "when": [ { "fact": "riskClass", "op": "in", "values": [ "low", "medium" ] } ],
///       "then": { "outcome": "approve", "limit": "least", "amount": 25000, "terms": "NET30", "reviewMonths": null } }
///   ]
/// }
/// </code>
/// Operators: &lt; &lt;= &gt; &gt;= = != in missing present; groups allOf / anyOf. Limits: recommended, fixed, least.
/// </summary>
public static class PolicyJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Result<PolicyDefinition> Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return new ValidationFailed("definition", $"Not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var reader = new Reader();
            var policy = reader.Policy(doc.RootElement);
            return reader.Errors.Count > 0 ? reader.Errors[0] : policy;
        }
    }

    /// <summary>Every structural problem, for the editor (empty when the JSON reads as a policy).</summary>
    public static IReadOnlyList<ValidationFailed> Problems(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            var reader = new Reader();
            reader.Policy(doc.RootElement);
            return reader.Errors;
        }
        catch (JsonException e)
        {
            return [new ValidationFailed("definition", $"Not valid JSON: {e.Message}")];
        }
    }

    public static string Write(PolicyDefinition policy)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteScorecard(w, policy.Scorecard);
            w.WriteStartObject("limit");
            w.WriteBoolean("useRequested", policy.Limit.UseRequested);
            WriteNullable(w, "revenueShare", policy.Limit.RevenueShare);
            w.WriteBoolean("useBureauSuggestion", policy.Limit.UseBureauSuggestion);
            WriteNullable(w, "netWorthMultiple", policy.Limit.NetWorthMultiple);
            w.WriteEndObject();
            w.WriteStartObject("reviewMonths");
            foreach (var (riskClass, months) in policy.ReviewMonths)
            {
                w.WriteNumber(riskClass, months);
            }

            w.WriteEndObject();
            w.WriteString("defaultTerms", policy.DefaultTermsCode);
            w.WriteStartObject("fourEyesAbove");
            foreach (var t in policy.FourEyesAbove)
            {
                w.WriteNumber(t.Currency.Code, t.Major);
            }

            w.WriteEndObject();
            w.WriteStartArray("rules");
            foreach (var rule in policy.Rules)
            {
                WriteRule(w, rule);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteScorecard(Utf8JsonWriter w, ScorecardDefinition scorecard)
    {
        w.WriteStartObject("scorecard");
        w.WriteStartArray("factors");
        foreach (var f in scorecard.Factors)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteNumber("weight", f.Weight);
            w.WriteStartArray("bands");
            foreach (var b in f.Bands)
            {
                w.WriteStartObject();
                WriteNullable(w, "from", b.From);
                WriteNullable(w, "to", b.To);
                w.WriteNumber("points", b.Points);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("classes");
        foreach (var c in scorecard.Classes)
        {
            w.WriteStartObject();
            w.WriteString("riskClass", c.RiskClass);
            w.WriteNumber("minScore", c.MinScore);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, PolicyRule rule)
    {
        w.WriteStartObject();
        w.WriteString("name", rule.Name);
        w.WriteStartArray("when");
        foreach (var c in rule.When)
        {
            WriteCondition(w, c);
        }

        w.WriteEndArray();
        w.WriteStartObject("then");
        switch (rule.Then)
        {
            case RuleOutcome.Approve a:
                WriteApprove(w, a);
                break;
            case RuleOutcome.Decline d:
                w.WriteString("outcome", "decline");
                w.WriteString("code", d.Code);
                w.WriteString("text", d.Text);
                break;
            case RuleOutcome.Refer r:
                w.WriteString("outcome", "refer");
                w.WriteString("reason", r.Reason);
                break;
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteApprove(Utf8JsonWriter w, RuleOutcome.Approve a)
    {
        w.WriteString("outcome", "approve");
        w.WriteString("limit", a.Limit switch { LimitBasis.Recommended => "recommended", LimitBasis.Fixed => "fixed", LimitBasis.LeastOf => "least" });
        WriteNullable(w, "amount", a.FixedAmount);
        if (a.TermsCode is null)
        {
            w.WriteNull("terms");
        }
        else
        {
            w.WriteString("terms", a.TermsCode);
        }

        WriteNullable(w, "reviewMonths", a.ReviewMonths);
    }

    private static void WriteCondition(Utf8JsonWriter w, Condition condition)
    {
        w.WriteStartObject();
        switch (condition)
        {
            case Condition.Compare c:
                w.WriteString("fact", c.Fact);
                w.WriteString("op", Condition.Symbol(c.Op));
                w.WritePropertyName("value");
                FactSetJson.WriteValue(w, c.Value);
                break;
            case Condition.In i:
                w.WriteString("fact", i.Fact);
                w.WriteString("op", "in");
                w.WriteStartArray("values");
                foreach (var v in i.Values)
                {
                    FactSetJson.WriteValue(w, v);
                }

                w.WriteEndArray();
                break;
            case Condition.Missing m:
                w.WriteString("fact", m.Fact);
                w.WriteString("op", "missing");
                break;
            case Condition.Present p:
                w.WriteString("fact", p.Fact);
                w.WriteString("op", "present");
                break;
            case Condition.AllOf all:
                w.WriteStartArray("allOf");
                foreach (var part in all.Conditions)
                {
                    WriteCondition(w, part);
                }

                w.WriteEndArray();
                break;
            case Condition.AnyOf any:
                w.WriteStartArray("anyOf");
                foreach (var part in any.Conditions)
                {
                    WriteCondition(w, part);
                }

                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private sealed class Reader
    {
        public List<ValidationFailed> Errors { get; } = [];

        public PolicyDefinition Policy(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("definition", "A policy is a JSON object.");
                return Empty();
            }

            var scorecard = Scorecard(Get(root, "scorecard", "scorecard"));
            var limit = Limit(Get(root, "limit", "limit"));
            var review = ReviewMonths(root);
            var terms = String(Get(root, "defaultTerms", "defaultTerms"), "defaultTerms") ?? string.Empty;
            var fourEyes = FourEyesAbove(root);
            var rules = Rules(root);
            return new PolicyDefinition(scorecard, limit, review, terms, fourEyes, rules);
        }

        private Dictionary<string, int> ReviewMonths(JsonElement root)
        {
            var review = new Dictionary<string, int>(StringComparer.Ordinal);
            if (Get(root, "reviewMonths", "reviewMonths") is { ValueKind: JsonValueKind.Object } rm)
            {
                foreach (var p in rm.EnumerateObject())
                {
                    if (Int(p.Value, $"reviewMonths.{p.Name}") is { } months)
                    {
                        review[p.Name] = months;
                    }
                }
            }
            else
            {
                Fail("reviewMonths", "reviewMonths is an object of risk class to months, e.g. { \"high\": 3 }.");
            }

            return review;
        }

        private List<Money> FourEyesAbove(JsonElement root)
        {
            var fourEyes = new List<Money>();
            if (root.TryGetProperty("fourEyesAbove", out var fe) && fe.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in fe.EnumerateObject())
                {
                    var path = $"fourEyesAbove.{p.Name}";
                    if (!Currency.TryParse(p.Name, out var currency))
                    {
                        Fail(path, $"'{p.Name}' is not a known currency code.");
                    }
                    else if (Decimal(p.Value, path) is { } amount)
                    {
                        var money = Money.FromMajor(amount, currency.Value, path);
                        if (money.IsOk)
                        {
                            fourEyes.Add(money.Value);
                        }
                        else
                        {
                            Errors.Add((ValidationFailed)money.Error!);
                        }
                    }
                }
            }
            else if (root.TryGetProperty("fourEyesAbove", out _))
            {
                Fail("fourEyesAbove", "fourEyesAbove is an object of currency to amount, e.g. { \"USD\": 50000 }.");
            }

            return fourEyes;
        }

        private List<PolicyRule> Rules(JsonElement root)
        {
            var rules = new List<PolicyRule>();
            if (Get(root, "rules", "rules") is { ValueKind: JsonValueKind.Array } ra)
            {
                var i = 0;
                foreach (var r in ra.EnumerateArray())
                {
                    if (Rule(r, $"rules[{i}]") is { } rule)
                    {
                        rules.Add(rule);
                    }

                    i++;
                }
            }
            else
            {
                Fail("rules", "rules is a list of rules.");
            }

            return rules;
        }

        private static PolicyDefinition Empty() => new(new ScorecardDefinition([], []), new LimitPolicy(false, null, false, null), new Dictionary<string, int>(), string.Empty, [], []);

        private ScorecardDefinition Scorecard(JsonElement? e)
        {
            var factors = new List<Factor>();
            var classes = new List<RiskCutoff>();
            if (e is not { ValueKind: JsonValueKind.Object } card)
            {
                if (e is not null)
                {
                    Fail("scorecard", "scorecard is an object with factors and classes.");
                }

                return new ScorecardDefinition(factors, classes);
            }

            if (Get(card, "factors", "scorecard.factors") is { ValueKind: JsonValueKind.Array } fa)
            {
                var i = 0;
                foreach (var f in fa.EnumerateArray())
                {
                    var path = $"scorecard.factors[{i++}]";
                    var name = String(Get(f, "name", path + ".name"), path + ".name") ?? string.Empty;
                    var weight = Int(Get(f, "weight", path + ".weight"), path + ".weight") ?? 0;
                    var bands = new List<Band>();
                    if (Get(f, "bands", path + ".bands") is { ValueKind: JsonValueKind.Array } ba)
                    {
                        var j = 0;
                        foreach (var b in ba.EnumerateArray())
                        {
                            var bp = $"{path}.bands[{j++}]";
                            bands.Add(new Band(NullableDecimal(b, "from", bp), NullableDecimal(b, "to", bp), Int(Get(b, "points", bp + ".points"), bp + ".points") ?? 0));
                        }
                    }

                    factors.Add(new Factor(name, weight, bands));
                }
            }

            if (Get(card, "classes", "scorecard.classes") is { ValueKind: JsonValueKind.Array } ca)
            {
                var i = 0;
                foreach (var c in ca.EnumerateArray())
                {
                    var path = $"scorecard.classes[{i++}]";
                    classes.Add(new RiskCutoff(String(Get(c, "riskClass", path + ".riskClass"), path + ".riskClass") ?? string.Empty, Decimal(Get(c, "minScore", path + ".minScore"), path + ".minScore") ?? 0m));
                }
            }

            return new ScorecardDefinition(factors, classes);
        }

        private LimitPolicy Limit(JsonElement? e)
        {
            if (e is not { ValueKind: JsonValueKind.Object } l)
            {
                if (e is not null)
                {
                    Fail("limit", "limit is an object (useRequested, revenueShare, useBureauSuggestion, netWorthMultiple).");
                }

                return new LimitPolicy(false, null, false, null);
            }

            return new LimitPolicy(
                Bool(l, "useRequested", "limit.useRequested"),
                NullableDecimal(l, "revenueShare", "limit"),
                Bool(l, "useBureauSuggestion", "limit.useBureauSuggestion"),
                NullableDecimal(l, "netWorthMultiple", "limit"));
        }

        private PolicyRule? Rule(JsonElement r, string path)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "A rule is an object with name, when and then.");
                return null;
            }

            var name = String(Get(r, "name", path + ".name"), path + ".name") ?? string.Empty;
            var when = new List<Condition>();
            if (r.TryGetProperty("when", out var w))
            {
                if (w.ValueKind != JsonValueKind.Array)
                {
                    Fail(path + ".when", $"Rule '{name}': when is a list of conditions (all must hold).");
                }
                else
                {
                    var i = 0;
                    foreach (var c in w.EnumerateArray())
                    {
                        if (Condition(c, $"{path}.when[{i++}]", name) is { } condition)
                        {
                            when.Add(condition);
                        }
                    }
                }
            }

            var then = Outcome(Get(r, "then", path + ".then"), path + ".then", name);
            return then is null ? null : new PolicyRule(name, when, then);
        }

        private Condition? Condition(JsonElement c, string path, string rule)
        {
            if (c.ValueKind != JsonValueKind.Object)
            {
                Fail(path, $"Rule '{rule}': a condition is an object, e.g. {{ \"fact\": \"score\", \"op\": \">=\", \"value\": 70 }}.");
                return null;
            }

            foreach (var group in new[] { "allOf", "anyOf" })
            {
                if (c.TryGetProperty(group, out var parts))
                {
                    return Group(parts, group, path, rule);
                }
            }

            var fact = String(Get(c, "fact", path + ".fact"), path + ".fact");
            var op = String(Get(c, "op", path + ".op"), path + ".op");
            if (fact is null || op is null)
            {
                return null;
            }

            switch (op)
            {
                case "missing":
                    return new Condition.Missing(fact);
                case "present":
                    return new Condition.Present(fact);
                case "in":
                    return In(c, fact, path, rule);
            }

            return Compare(c, fact, op, path, rule);
        }

        /// <summary>allOf or anyOf: a list of conditions, each read in turn.</summary>
        private Condition? Group(JsonElement parts, string group, string path, string rule)
        {
            if (parts.ValueKind != JsonValueKind.Array)
            {
                Fail($"{path}.{group}", $"Rule '{rule}': {group} is a list of conditions.");
                return null;
            }

            var list = new List<Condition>();
            var i = 0;
            foreach (var p in parts.EnumerateArray())
            {
                if (Condition(p, $"{path}.{group}[{i++}]", rule) is { } part)
                {
                    list.Add(part);
                }
            }

            return group == "allOf" ? new Condition.AllOf(list) : new Condition.AnyOf(list);
        }

        /// <summary>"fact in values": the values a list.</summary>
        private Condition? In(JsonElement c, string fact, string path, string rule)
        {
            if (!c.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                Fail(path + ".values", $"Rule '{rule}': 'in' needs a list of values.");
                return null;
            }

            var list = new List<FactValue>();
            var k = 0;
            foreach (var v in values.EnumerateArray())
            {
                if (Value(v, $"{path}.values[{k++}]", rule) is { } value)
                {
                    list.Add(value);
                }
            }

            return new Condition.In(fact, list);
        }

        /// <summary>"fact op value" for a comparison operator.</summary>
        private Condition? Compare(JsonElement c, string fact, string op, string path, string rule)
        {
            Comparison? comparison = op switch
            {
                "<" => Comparison.LessThan,
                "<=" => Comparison.AtMost,
                ">" => Comparison.GreaterThan,
                ">=" => Comparison.AtLeast,
                "=" or "==" => Comparison.EqualTo,
                "!=" or "<>" => Comparison.NotEqualTo,
                _ => null,
            };
            if (comparison is not { } cmp)
            {
                Fail(path + ".op", $"Rule '{rule}': '{op}' is not an operator (<, <=, >, >=, =, !=, in, missing, present).");
                return null;
            }

            if (!c.TryGetProperty("value", out var raw))
            {
                Fail(path + ".value", $"Rule '{rule}': '{fact} {op}' needs a value.");
                return null;
            }

            return Value(raw, path + ".value", rule) is { } val ? new Condition.Compare(fact, cmp, val) : null;
        }

        private FactValue? Value(JsonElement v, string path, string rule)
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.Number when v.TryGetDecimal(out var d):
                    return new FactValue.Number(d);
                case JsonValueKind.True:
                    return new FactValue.Flag(true);
                case JsonValueKind.False:
                    return new FactValue.Flag(false);
                case JsonValueKind.String:
                    return new FactValue.Text(v.GetString()!);
                default:
                    Fail(path, $"Rule '{rule}': a value is a number, true/false or a text.");
                    return null;
            }
        }

        private RuleOutcome? Outcome(JsonElement? e, string path, string rule)
        {
            if (e is not { ValueKind: JsonValueKind.Object } t)
            {
                if (e is not null)
                {
                    Fail(path, $"Rule '{rule}': then is an object with an outcome (approve, decline or refer).");
                }

                return null;
            }

            var outcome = String(Get(t, "outcome", path + ".outcome"), path + ".outcome");
            switch (outcome)
            {
                case "approve":
                    var limitWord = t.TryGetProperty("limit", out var lw) && lw.ValueKind == JsonValueKind.String ? lw.GetString() : "recommended";
                    LimitBasis? basis = limitWord switch
                    {
                        "recommended" => LimitBasis.Recommended,
                        "fixed" => LimitBasis.Fixed,
                        "least" => LimitBasis.LeastOf,
                        _ => null,
                    };
                    if (basis is null)
                    {
                        Fail(path + ".limit", $"Rule '{rule}': limit is recommended, fixed or least.");
                        return null;
                    }

                    var terms = t.TryGetProperty("terms", out var tv) && tv.ValueKind == JsonValueKind.String ? tv.GetString() : null;
                    int? review = t.TryGetProperty("reviewMonths", out var rv) && rv.ValueKind != JsonValueKind.Null ? Int(rv, path + ".reviewMonths") : null;
                    return new RuleOutcome.Approve(basis.Value, NullableDecimal(t, "amount", path), terms, review);
                case "decline":
                    return new RuleOutcome.Decline(
                        String(Get(t, "code", path + ".code"), path + ".code") ?? string.Empty,
                        String(Get(t, "text", path + ".text"), path + ".text") ?? string.Empty);
                case "refer":
                    return new RuleOutcome.Refer(String(Get(t, "reason", path + ".reason"), path + ".reason") ?? string.Empty);
                case null:
                    return null;
                default:
                    Fail(path + ".outcome", $"Rule '{rule}': outcome is approve, decline or refer, not '{outcome}'.");
                    return null;
            }
        }

        private JsonElement? Get(JsonElement obj, string name, string path)
        {
            if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v))
            {
                return v;
            }

            Fail(path, $"{path} is required.");
            return null;
        }

        private string? String(JsonElement? e, string path)
        {
            if (e is null)
            {
                return null;
            }

            if (e.Value.ValueKind == JsonValueKind.String)
            {
                return e.Value.GetString();
            }

            Fail(path, $"{path} must be a text.");
            return null;
        }

        private int? Int(JsonElement? e, string path)
        {
            if (e is null)
            {
                return null;
            }

            if (e.Value.ValueKind == JsonValueKind.Number && e.Value.TryGetInt32(out var i))
            {
                return i;
            }

            Fail(path, $"{path} must be a whole number.");
            return null;
        }

        private decimal? Decimal(JsonElement? e, string path)
        {
            if (e is null)
            {
                return null;
            }

            if (e.Value.ValueKind == JsonValueKind.Number && e.Value.TryGetDecimal(out var d))
            {
                return d;
            }

            Fail(path, $"{path} must be a number.");
            return null;
        }

        private decimal? NullableDecimal(JsonElement obj, string name, string path) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Decimal(v, $"{path}.{name}") : null;

        private bool Bool(JsonElement obj, string name, string path)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetBoolean();
            }

            Fail(path, $"{path} must be true or false.");
            return false;
        }

        private void Fail(string path, string message) => Errors.Add(new ValidationFailed(path, message));
    }
}

/// <summary>
/// A fact set as a flat JSON object: numbers are numbers, flags true/false, texts strings; a missing fact is absent.
/// Names are written in ordinal order, so equal sets give equal text. Used for decision snapshots.
/// </summary>
public static class FactSetJson
{
    public static string Write(FactSet facts)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in facts.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(name);
                WriteValue(w, value);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void WriteValue(Utf8JsonWriter w, FactValue value)
    {
        switch (value)
        {
            case FactValue.Number n:
                w.WriteNumberValue(n.Value);
                break;
            case FactValue.Flag f:
                w.WriteBooleanValue(f.Value);
                break;
            case FactValue.Text t:
                w.WriteStringValue(t.Value);
                break;
        }
    }

    /// <summary>Reads a snapshot; anything but a flat object of numbers, booleans and strings is refused.</summary>
    public static Result<FactSet> Read(string json)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new ValidationFailed("facts", "Facts are a JSON object.");
            }

            var values = new List<KeyValuePair<string, FactValue>>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                FactValue? value = reader.TokenType switch
                {
                    JsonTokenType.Number => new FactValue.Number(reader.GetDecimal()),
                    JsonTokenType.True => new FactValue.Flag(true),
                    JsonTokenType.False => new FactValue.Flag(false),
                    JsonTokenType.String => new FactValue.Text(reader.GetString()!),
                    _ => null,
                };
                if (value is null)
                {
                    return new ValidationFailed("facts." + name, $"Fact '{name}' must be a number, true/false or a text.");
                }

                values.Add(new(name, value));
            }

            return new FactSet(values);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return new ValidationFailed("facts", $"Not a valid facts snapshot: {e.Message}");
        }
    }

    public static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
