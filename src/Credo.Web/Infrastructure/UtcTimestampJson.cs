using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credo.Web.Infrastructure;

/// <summary>
/// One timestamp format in every API answer: ISO 8601 in UTC with a trailing <c>Z</c> (issue 12 §5). Credo stores
/// every moment in UTC, but a value read back from the database has no kind, so it was written without the <c>Z</c>
/// while the same moment in a create response (still in memory) had it. A timestamp read from a request is turned
/// into UTC (an offset is honoured; none means UTC), read as strictly as the serializer's own.
/// </summary>
internal sealed class UtcTimestampJson : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The serializer's own strict ISO 8601 reading; only the kind of the result is decided here.
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var value))
        {
            throw new JsonException("Expected a timestamp in ISO 8601, e.g. 2026-12-07T14:05:00Z.");
        }

        return AsUtc(value);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(AsUtc(value).ToString(Format, CultureInfo.InvariantCulture));

    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
