using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// ISO 20022 bank-to-customer messages: camt.052 (account report), camt.053 (statement) and camt.054
/// (debit/credit notification), versions 1 to 13. Elements are read by local name, so the versions' namespaces
/// need no table; what moved between versions (a party's name under Pty from v3, BookgDt as Dt or DtTm, Sts as a
/// code or an element) is read both ways. One line per entry (Ntry); the remittance and references of all its
/// transaction details are gathered on that line.
/// </summary>
public static class CamtReader
{
    private const string Prefix = "urn:iso:std:iso:20022:tech:xsd:camt.";

    public static bool Recognises(string content) =>
        content.Contains(Prefix + "052.", StringComparison.Ordinal) || content.Contains(Prefix + "053.", StringComparison.Ordinal) || content.Contains(Prefix + "054.", StringComparison.Ordinal);

    public static Result<ParsedFile> Read(string content)
    {
        XDocument document;
        try
        {
            using var text = new StringReader(content);
            using var xml = XmlReader.Create(text, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return StatementRefusal.At($"line {e.LineNumber}", $"the file is not well-formed XML ({e.Message})");
        }

        var root = document.Root!;
        var format = FormatOf(root.Name.NamespaceName);
        if (format is null)
        {
            return StatementRefusal.At("Document", $"the namespace '{root.Name.NamespaceName}' is not camt.052, camt.053 or camt.054");
        }

        var (messageName, statementName) = format switch
        {
            StatementFormat.Camt052 => ("BkToCstmrAcctRpt", "Rpt"),
            StatementFormat.Camt053 => ("BkToCstmrStmt", "Stmt"),
            StatementFormat.Camt054 => ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
            _ => throw new InvalidOperationException("Not a camt format."),
        };
        // Version 1 names the message with its version (BkToCstmrAcctRptV01).
        var message = root.Elements().FirstOrDefault(e => e.Name.LocalName.StartsWith(messageName, StringComparison.Ordinal));
        if (message is null)
        {
            return StatementRefusal.At("Document", $"the message element {messageName} is missing");
        }

        var statements = new List<ParsedStatement>();
        var blocks = Children(message, statementName).ToList();
        if (blocks.Count == 0)
        {
            return StatementRefusal.At(messageName, $"the message has no {statementName} element, so there is no statement to import");
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            var statement = ReadStatement(format.Value, blocks[i], $"{statementName}[{i + 1}]");
            if (!statement.IsOk)
            {
                return statement.Error!;
            }

            statements.Add(statement.Value!);
        }

        return new ParsedFile(format.Value, statements);
    }

    private static StatementFormat? FormatOf(string ns)
    {
        if (!ns.StartsWith(Prefix, StringComparison.Ordinal) || ns.Length < Prefix.Length + 3)
        {
            return null;
        }

        return ns.Substring(Prefix.Length, 3) switch
        {
            "052" => StatementFormat.Camt052,
            "053" => StatementFormat.Camt053,
            "054" => StatementFormat.Camt054,
            _ => null,
        };
    }

    private static Result<ParsedStatement> ReadStatement(StatementFormat format, XElement block, string where)
    {
        var id = Text(block, "Id");
        if (id is null)
        {
            return StatementRefusal.At($"{where}/Id", "the statement has no identification");
        }

        var account = Text(block, "Acct", "Id", "IBAN") ?? Text(block, "Acct", "Id", "Othr", "Id") ?? Text(block, "Acct", "Id", "PrtryAcct", "Id");
        if (account is null)
        {
            return StatementRefusal.At($"{where}/Acct", "the statement names no account (IBAN or other identification)");
        }

        var code = Text(block, "Acct", "Ccy")
            ?? Children(block, "Ntry").Select(n => Child(n, "Amt")?.Attribute("Ccy")?.Value).FirstOrDefault(c => c is not null)
            ?? Children(block, "Bal").Select(n => Child(n, "Amt")?.Attribute("Ccy")?.Value).FirstOrDefault(c => c is not null);
        if (!Currency.TryParse(code, out var currency))
        {
            return StatementRefusal.At($"{where}/Acct/Ccy", code is null ? "the statement names no currency" : $"'{code}' is not a currency");
        }

        var opening = ReadBalance(block, where, "OPBD", "PRCD");
        var closing = ReadBalance(block, where, "CLBD");
        if (!opening.IsOk || !closing.IsOk)
        {
            return (opening.Error ?? closing.Error)!;
        }

        var date = DateOf(Child(block, "CreDtTm")?.Value) ?? DateOf(Text(block, "FrToDt", "ToDtTm"))
            ?? DateOf(block.Parent?.Elements().FirstOrDefault(e => e.Name.LocalName == "GrpHdr") is { } group ? Text(group, "CreDtTm") : null);
        var lines = new List<ParsedLine>();
        var entries = Children(block, "Ntry").ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var line = CamtEntry.Read(entries[i], i + 1, $"{where}/Ntry[{i + 1}]", date);
            if (!line.IsOk)
            {
                return line.Error!;
            }

            lines.Add(line.Value!);
        }

        var sequence = Text(block, "ElctrncSeqNb") ?? Text(block, "LglSeqNb");
        return new ParsedStatement(format, id, Normalise(account), currency.Value, sequence, date, opening.Value.Money, closing.Value.Money, lines);
    }

    private readonly record struct Balance(Money? Money);

    private static Result<Balance> ReadBalance(XElement block, string where, params string[] codes)
    {
        foreach (var code in codes)
        {
            var balances = Children(block, "Bal").ToList();
            var index = balances.FindIndex(b => Text(b, "Tp", "CdOrPrtry", "Cd") == code);
            if (index < 0)
            {
                continue;
            }

            var amount = Amount(balances[index], $"{where}/Bal[{index + 1}]");
            return amount.IsOk ? new Balance(amount.Value) : amount.Error!;
        }

        return new Balance(null);
    }

    /// <summary>Amt with its Ccy and the sign from CdtDbtInd (CRDT positive, DBIT negative).</summary>
    internal static Result<Money> Amount(XElement owner, string where)
    {
        var element = Child(owner, "Amt");
        if (element is null)
        {
            return StatementRefusal.At($"{where}/Amt", "the amount is missing");
        }

        var code = element.Attribute("Ccy")?.Value;
        if (!Currency.TryParse(code, out var currency))
        {
            return StatementRefusal.At($"{where}/Amt", $"'{code}' is not a currency");
        }

        var money = StatementAmount.Parse(element.Value, currency.Value, '.', out var problem);
        if (money is null)
        {
            return StatementRefusal.At($"{where}/Amt", problem!);
        }

        return Text(owner, "CdtDbtInd") switch
        {
            "CRDT" => money.Value,
            "DBIT" => -money.Value,
            var other => StatementRefusal.At($"{where}/CdtDbtInd", other is null ? "credit or debit is not said" : $"'{other}' is neither CRDT nor DBIT"),
        };
    }

    internal static DateOnly? DateOf(string? text)
    {
        if (text is null || text.Length < 10)
        {
            return null;
        }

        return DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    internal static string Normalise(string account) => string.Concat(account.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    internal static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    internal static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    /// <summary>The trimmed text at a path of local names, or null when any step is missing or the text is blank.</summary>
    internal static string? Text(XElement parent, params string[] path)
    {
        var current = parent;
        foreach (var name in path)
        {
            current = Child(current, name);
            if (current is null)
            {
                return null;
            }
        }

        var value = current.Value.Trim();
        return value.Length == 0 ? null : value;
    }
}
