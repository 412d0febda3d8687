using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Web.Infrastructure;

/// <summary>
/// What every JSON request body must be before any use case reads it (issue 12 §1): no duplicate keys, numbers that
/// decimal holds exactly (29 decimals are refused, not rounded to 1.00), dates inside <see cref="SaneDates"/>, and
/// text without NUL or other control characters and at most <see cref="MaxTextLength"/> characters. A refusal is a
/// <see cref="JsonException"/>, which <see cref="Problems.UseBadRequestProblems"/> answers as a 400
/// <c>malformed-request</c> naming the field and the position. Use cases still bound their own fields more tightly
/// (references 64–128 characters, reasons 500).
/// </summary>
internal static class StrictJson
{
    /// <summary>The longest text any one JSON string may carry (a note or a description; reasons are bounded at 500).</summary>
    public const int MaxTextLength = 10_000;

    public static void Apply(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new ExactDecimalConverter());
        options.Converters.Add(new SaneDateConverter());
        options.Converters.Add(new CleanStringConverter());
    }

    /// <summary>A decimal from a JSON number (or a numeric string, as the web defaults allow) only when exact.</summary>
    private sealed class ExactDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType switch
            {
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.String => reader.GetString(),
                _ => throw new JsonException($"A number is expected, not {Describe(reader.TokenType)}."),
            };
            if (DecimalText.TryParseExact(text, out var value))
            {
                return value;
            }

            throw (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? new JsonValueRefused($"{Shorten(text)} has more digits than an amount can carry (no currency has more than 3 decimals).")
                : new JsonException($"{Shorten(text)} is not a number."));
        }

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>A date as yyyy-MM-dd inside the sane window.</summary>
    private sealed class SaneDateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"A date (yyyy-MM-dd) is expected, not {Describe(reader.TokenType)}.");
            }

            var text = reader.GetString();
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new JsonException($"'{Shorten(text)}' is not a date (yyyy-MM-dd).");
            }

            return SaneDates.Contains(date) ? date : throw new JsonValueRefused(SaneDates.Explain(date));
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public override DateOnly ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>Text without NUL or other control characters (tab and line breaks allowed), bounded in length.</summary>
    private sealed class CleanStringConverter : JsonConverter<string>
    {
        // U+0000 to U+001F but tab, line feed and carriage return (allowed in notes), and U+007F.
        private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
            string.Concat(Enumerable.Range(0, 32).Where(c => c is not (9 or 10 or 13)).Select(c => (char)c)) + "\u007f");

        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Text is expected, not {Describe(reader.TokenType)}.");
            }

            var text = reader.GetString()!;
            if (text.Length > MaxTextLength)
            {
                throw new JsonValueRefused($"Text is at most {MaxTextLength:N0} characters; this is {text.Length:N0}.");
            }

            var bad = text.AsSpan().IndexOfAny(ControlCharacters);
            return bad < 0 ? text : throw new JsonValueRefused($"Text may not contain control characters (U+{(int)text[bad]:X4} at character {bad + 1}).");
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "text",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true or false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        _ => token.ToString(),
    };

    private static string Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text ?? "";
}

/// <summary>
/// Well-formed JSON whose value is refused (a date outside the window, a control character, too many digits): answered
/// as a 400 <c>validation</c> problem naming the field, like every other refusal, rather than <c>malformed-request</c>.
/// </summary>
internal sealed class JsonValueRefused(string message) : JsonException(message);
