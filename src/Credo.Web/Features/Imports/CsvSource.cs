using System.Security.Cryptography;
using System.Text;
using CsvHelper;

namespace Credo.Web.Features.Imports;

/// <summary>A problem with one row (or, at line 1, with the header): the physical line, the Credo field, why.</summary>
internal sealed record RowError(long Line, string Field, string Reason);

/// <summary>
/// One record as read: the physical line where it starts and the raw text of each Credo field (by field slot, in
/// the order of <see cref="ColumnMapping.Fields"/>), or the structural problem that makes the row unreadable.
/// </summary>
internal sealed record SourceRecord(long Line, string?[] Values, RowError? Problem);

/// <summary>A small CSV file read whole (<see cref="CsvSource.Table"/>): its header and its rows of cells.</summary>
internal sealed record CsvTable(string[] Header, IReadOnlyList<string[]> Rows);

/// <summary>
/// Streams a CSV export through CsvHelper's parser: BOM and encoding detection, delimiter detection, quoted
/// newlines, and the checks that need the raw text (short rows, an unterminated quote at the end of the file).
/// Nothing is buffered beyond the parser's own window, so a file of any size reads in bounded memory.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly CountingStream _counting;
    private readonly CsvReader _reader;
    private readonly int[] _columnOf;
    private readonly string?[] _constants;
    private readonly Dictionary<string, string>?[] _valueMaps;
    private readonly int _headerCount;
    private CsvMalformedRecord? _malformed;

    private CsvSource(Stream stream, ColumnMapping mapping)
    {
        _counting = new CountingStream(stream);
        _reader = CsvReader.Create(_counting, ReaderOptions(mapping.Delimiter is { Length: 1 } d ? d[0] : null, record => _malformed ??= record), leaveOpen: false);
        Fields = ColumnMapping.Fields[mapping.Kind];
        _columnOf = new int[Fields.Count];
        _constants = new string?[Fields.Count];
        _valueMaps = new Dictionary<string, string>?[Fields.Count];
        var errors = new List<RowError>();
        try
        {
            Header = [.. _reader.Headers.Select(h => h.Trim())];
            Delimiter = _reader.Separator.ToString();
        }
        catch (CsvFormatException e)
        {
            HeaderErrors = [new RowError(1, "header", "The header line is not readable CSV: " + e.Message.Split('\n')[0])];
            return;
        }

        if (Header.Length == 0 || Header.All(h => h.Length == 0))
        {
            HeaderErrors = [new RowError(1, "header", "The file is empty: no header line.")];
            return;
        }

        _headerCount = Header.Length;
        for (var slot = 0; slot < Fields.Count; slot++)
        {
            var field = Fields[slot];
            _columnOf[slot] = -1;
            var column = mapping.ColumnOf(field.Name);
            _valueMaps[slot] = mapping.ValueMaps.GetValueOrDefault(field.Name);
            if (column is not null)
            {
                _columnOf[slot] = Array.FindIndex(Header, h => string.Equals(h, column.Trim(), StringComparison.Ordinal));
                if (_columnOf[slot] < 0)
                {
                    _columnOf[slot] = Array.FindIndex(Header, h => string.Equals(h, column.Trim(), StringComparison.OrdinalIgnoreCase));
                }
            }

            mapping.Constants.TryGetValue(field.Name, out _constants[slot]);
            if (field.Required && _columnOf[slot] < 0 && _constants[slot] is null)
            {
                errors.Add(column is null
                    ? new RowError(1, field.Name, $"Required field '{field.Name}' is not mapped: add its column to mapping.columns (or a constant).")
                    : new RowError(1, field.Name, $"Required column '{column}' (mapped to {field.Name}) is missing from the header ({string.Join(Delimiter, Header)})."));
            }
        }

        HeaderErrors = errors;
    }

    /// <summary>The reader's options: one place for every CSV Credo reads (delimiter detected unless the mapping names one).</summary>
    private static CsvReaderOptions ReaderOptions(char? separator, Action<CsvMalformedRecord>? onMalformed) => new()
    {
        Separator = separator,
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
        OnMalformedRecord = onMalformed,
        MaxRecordSize = 1 << 20,
        IncludeValuesInExceptions = false,
    };

    // ---- cash application (issue 15 §3, branch cashspeed): a remittance advice's CSV read by the same reader ----

    /// <summary>
    /// A small CSV file as its header and rows of cells, read by the same reader and options as an import (BOM and
    /// delimiter detection, quoted values); null when the text is not CSV with a header of at least two named columns
    /// separated by the detected delimiter (an email opening "Hello," is not).
    /// </summary>
    public static CsvTable? Table(string text, int maxRows)
    {
        try
        {
            using var reader = CsvReader.Create(new StringReader(text), ReaderOptions(null, null), leaveOpen: false);
            var header = reader.Headers.Select(h => h.Trim()).ToArray();
            if (header.Count(h => h.Length > 0) < 2)
            {
                return null;
            }

            var rows = new List<string[]>();
            while (rows.Count < maxRows && reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim())]);
            }

            return new CsvTable(header, rows);
        }
        catch (CsvFormatException)
        {
            return null;
        }
    }

    public IReadOnlyList<ImportField> Fields { get; }

    public string[] Header { get; } = [];

    public string Delimiter { get; } = ",";

    public IReadOnlyList<RowError> HeaderErrors { get; } = [];

    public long BytesRead => _counting.BytesRead;

    /// <summary>SHA-256 of every byte read so far (the whole file once <see cref="Records"/> is exhausted).</summary>
    public string Sha256Hex() => _counting.Sha256Hex();

    public static CsvSource Open(Stream stream, ColumnMapping mapping) => new(stream, mapping);

    public IEnumerable<SourceRecord> Records()
    {
        if (HeaderErrors.Count > 0)
        {
            yield break;
        }

        while (true)
        {
            _malformed = null;
            bool more;
            RowError? fatal = null;
            try
            {
                more = _reader.Read();
            }
            catch (CsvFormatException e)
            {
                more = false;
                fatal = new RowError(e.LineNumber, "row", "Unreadable CSV: " + e.Message.Split('\n')[0]);
            }

            if (fatal is not null)
            {
                // The reader cannot go on; report where it stopped.
                yield return new SourceRecord(fatal.Line, [], fatal);
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var line = _reader.LineNumber;
            var count = _reader.FieldCount;
            var values = new string?[Fields.Count];
            for (var slot = 0; slot < values.Length; slot++)
            {
                var column = _columnOf[slot];
                values[slot] = column >= 0 && column < count ? _reader.GetString(column) : _constants[slot];
                if (_valueMaps[slot] is { } map && values[slot] is { } raw && map.TryGetValue(raw.Trim(), out var mappedValue))
                {
                    values[slot] = mappedValue;
                }
            }

            RowError? problem = null;
            if (_malformed is { } bad)
            {
                problem = new RowError(line, "row", bad.Reason switch
                {
                    CsvMalformedReason.UnterminatedQuote => "A quoted value is never closed: the file ends inside it (truncated?).",
                    CsvMalformedReason.StrayQuote => "A quote inside an unquoted value; quote the whole value and double inner quotes.",
                    CsvMalformedReason.TextAfterClosingQuote => "Text after the closing quote of a value.",
                    CsvMalformedReason.LineBreakInQuotes => "A line break inside a quoted value.",
                    CsvMalformedReason.FieldCountMismatch => $"The row has {count} fields, the header has {_headerCount}.",
                    CsvMalformedReason.TrailingEscape => "The file ends with an escape character.",
                    _ => "Malformed CSV quoting.",
                });
            }
            else if (count < _headerCount)
            {
                problem = new RowError(line, "row", $"The row has {count} fields, the header has {_headerCount} (a short or truncated row).");
            }

            yield return new SourceRecord(line, values, problem);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _counting.Dispose();
    }

    /// <summary>Counts and hashes the bytes as they are read (progress and the file's SHA-256).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _hash.AppendData(buffer.Span[..n]);
            BytesRead += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
