using Credo.Domain.Common;
using System.Xml.Linq;
using static Credo.Domain.Matching.Formats.CamtReader;

namespace Credo.Domain.Matching.Formats;

/// <summary>One camt entry (Ntry) to one line, with what its transaction details say about payer and remittance.</summary>
internal static class CamtEntry
{
    /// <param name="messageDate">The statement's or message's creation date: a notification's entry may carry no date of its own.</param>
    public static Result<ParsedLine> Read(XElement entry, int number, string where, DateOnly? messageDate)
    {
        var amount = Amount(entry, where);
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        var status = Text(entry, "Sts", "Cd") ?? Text(entry, "Sts");
        var booked = DateOf(Text(entry, "BookgDt", "Dt") ?? Text(entry, "BookgDt", "DtTm"));
        var value = DateOf(Text(entry, "ValDt", "Dt") ?? Text(entry, "ValDt", "DtTm"));
        if ((booked ?? value ?? messageDate) is not { } bookedOn)
        {
            return StatementRefusal.At($"{where}/BookgDt", "the entry has no booking date, no value date and the message no creation date");
        }

        var details = Child(entry, "NtryDtls") is { } d ? Children(d, "TxDtls").ToList() : [];
        var credit = amount.Value.IsPositive || amount.Value.IsZero;
        var texts = new List<string>();
        var references = new List<string>();
        string? endToEnd = null, name = null, account = null;
        foreach (var tx in details)
        {
            endToEnd ??= Meaningful(Text(tx, "Refs", "EndToEndId"));
            var parties = Child(tx, "RltdPties");
            if (parties is not null)
            {
                // Money in: the payer is the debtor (or the ultimate debtor); money out: the creditor.
                var party = credit ? "Dbtr" : "Cdtr";
                name ??= Text(parties, party, "Nm") ?? Text(parties, party, "Pty", "Nm") ?? Text(parties, "Ultmt" + party, "Nm") ?? Text(parties, "Ultmt" + party, "Pty", "Nm");
                account ??= Text(parties, party + "Acct", "Id", "IBAN") ?? Text(parties, party + "Acct", "Id", "Othr", "Id");
            }

            if (Child(tx, "RmtInf") is { } remittance)
            {
                texts.AddRange(Children(remittance, "Ustrd").Select(u => u.Value.Trim()).Where(u => u.Length > 0));
                foreach (var structured in Children(remittance, "Strd"))
                {
                    AddIfAny(references, Text(structured, "CdtrRefInf", "Ref"));
                    foreach (var document in Children(structured, "RfrdDocInf"))
                    {
                        AddIfAny(references, Text(document, "Nb"));
                    }

                    texts.AddRange(Children(structured, "AddtlRmtInf").Select(u => u.Value.Trim()).Where(u => u.Length > 0));
                }
            }
        }

        if (texts.Count == 0 && Text(entry, "AddtlNtryInf") is { } additional)
        {
            texts.Add(additional);
        }

        var bankReference = Text(entry, "AcctSvcrRef") ?? Text(entry, "NtryRef") ?? details.Select(tx => Text(tx, "Refs", "AcctSvcrRef")).FirstOrDefault(r => r is not null);
        var code = Text(entry, "BkTxCd", "Domn", "Cd") is { } domain
            ? $"{domain}/{Text(entry, "BkTxCd", "Domn", "Fmly", "Cd")}/{Text(entry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd")}"
            : Text(entry, "BkTxCd", "Prtry", "Cd");
        return new ParsedLine(
            number, bookedOn, value, amount.Value, status is null or "BOOK", bankReference, endToEnd, name, account is null ? null : Normalise(account),
            string.Join(' ', texts), references, code);
    }

    private static string? Meaningful(string? reference) => reference is null or "NOTPROVIDED" or "NONREF" ? null : reference;

    private static void AddIfAny(List<string> list, string? value)
    {
        if (value is not null && !list.Contains(value))
        {
            list.Add(value);
        }
    }
}
