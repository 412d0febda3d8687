using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Record = Credo.Domain.Matching.Formats.Bai2Reader.Record;

namespace Credo.Domain.Matching.Formats;

/// <summary>Walks the records of one BAI2 file, building statements per account and checking every trailer.</summary>
internal sealed class Bai2File(List<Record> records)
{
    private int position;

    public Result<ParsedFile> Read()
    {
        if (records.Count == 0 || records[0].Code != "01")
        {
            return StatementRefusal.At("line 1", "a BAI2 file starts with a 01 file header");
        }

        var header = records[position++];
        var fileId = header.Fields.ElementAtOrDefault(4) ?? "";
        var statements = new List<ParsedStatement>();
        long fileTotal = 0, groups = 0, physical = header.Physical;
        while (position < records.Count && records[position].Code == "02")
        {
            var group = ReadGroup(fileId, statements);
            if (!group.IsOk)
            {
                return group.Error!;
            }

            fileTotal += group.Value.Total;
            physical += group.Value.Physical;
            groups++;
        }

        if (position >= records.Count || records[position].Code != "99")
        {
            return StatementRefusal.At(Where(), "expected a 02 group header or the 99 file trailer");
        }

        var trailer = records[position++];
        physical += trailer.Physical;
        var check = Trailer(trailer, fileTotal, groups, physical, "file", "groups");
        if (check is not null)
        {
            return check;
        }

        if (position < records.Count)
        {
            return StatementRefusal.At($"line {records[position].LineNumber}", "records follow the 99 file trailer");
        }

        return statements.Count == 0
            ? StatementRefusal.At("line 1", "the file reports no account (no 03 record)")
            : new ParsedFile(StatementFormat.Bai2, statements);
    }

    private Result<(long Total, long Physical)> ReadGroup(string fileId, List<ParsedStatement> statements)
    {
        var header = records[position++];
        var asOf = Bai2Reader.Date(header.Fields.ElementAtOrDefault(3) ?? "");
        if (asOf is null)
        {
            return StatementRefusal.At($"line {header.LineNumber}", "the 02 group header has no as-of date (YYMMDD)");
        }

        var currency = Bai2Reader.CurrencyOf(header.Fields.ElementAtOrDefault(5) ?? "", Currency.Usd);
        if (currency is null)
        {
            return StatementRefusal.At($"line {header.LineNumber}", $"'{header.Fields[5]}' is not a currency");
        }

        long total = 0, accounts = 0, physical = header.Physical;
        while (position < records.Count && records[position].Code == "03")
        {
            var account = new Bai2Account(records, fileId, asOf.Value, currency.Value);
            var read = account.Read(ref position);
            if (!read.IsOk)
            {
                return read.Error!;
            }

            statements.Add(read.Value.Statement);
            total += read.Value.Total;
            physical += read.Value.Physical;
            accounts++;
        }

        if (position >= records.Count || records[position].Code != "98")
        {
            return StatementRefusal.At(Where(), "expected a 03 account or the 98 group trailer");
        }

        var trailer = records[position++];
        physical += trailer.Physical;
        var check = Trailer(trailer, total, accounts, physical, "group", "accounts");
        return check is null ? (total, physical) : check;
    }

    internal static DomainError? Trailer(Record trailer, long total, long count, long physical, string what, string counted)
    {
        var fields = trailer.Fields;
        var stated = Bai2Reader.Number(fields.ElementAtOrDefault(0) ?? "");
        var statedCount = Bai2Reader.Number(fields.ElementAtOrDefault(1) ?? "");
        var statedRecords = Bai2Reader.Number(fields.ElementAtOrDefault(2) ?? "");
        var where = $"line {trailer.LineNumber}";
        if (stated != total)
        {
            return StatementRefusal.At(where, $"the {what} control total is {fields.ElementAtOrDefault(0)}, but the amounts add up to {total}");
        }

        if (statedCount != count)
        {
            return StatementRefusal.At(where, $"the {what} trailer counts {fields.ElementAtOrDefault(1)} {counted}, but there are {count}");
        }

        return statedRecords != physical
            ? StatementRefusal.At(where, $"the {what} trailer counts {fields.ElementAtOrDefault(2)} records, but there are {physical}")
            : null;
    }

    private string Where() => position < records.Count ? $"line {records[position].LineNumber}" : "the end of the file";
}
