using System.Globalization;
using System.Xml.Linq;
using Credo.Domain.Amounts;

namespace Credo.Web.Features.CashApplication;

/// <summary>One credit or debit for <see cref="Camt053Writer"/>.</summary>
internal sealed record BankStatementEntry(DateOnly BookedOn, long AmountMinor, string? PayerName, string? PayerAccount, string Remittance, string BankReference, string? CreditorReference = null);

/// <summary>
/// Writes a camt.053.001.02 statement (what the demo's bank sends, and what tests import): one Stmt with opening and
/// closing booked balances and one Ntry per entry, the payer as debtor, the remittance unstructured (and a creditor
/// reference when given).
/// </summary>
internal static class Camt053Writer
{
    private static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

    public static string Write(string account, string currency, string statementId, int sequence, DateOnly date, long openingMinor, IReadOnlyList<BankStatementEntry> entries)
    {
        var money = Currency.Of(currency);
        var closing = openingMinor + entries.Sum(e => e.AmountMinor);
        var statement = new XElement(Ns + "Stmt",
            new XElement(Ns + "Id", statementId),
            new XElement(Ns + "ElctrncSeqNb", sequence.ToString(CultureInfo.InvariantCulture)),
            new XElement(Ns + "CreDtTm", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T18:00:00"),
            new XElement(Ns + "Acct", new XElement(Ns + "Id", new XElement(Ns + "IBAN", account)), new XElement(Ns + "Ccy", currency)),
            Balance("OPBD", openingMinor, money, date),
            Balance("CLBD", closing, money, date),
            entries.Select(e => Entry(e, money)));
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Ns + "Document", new XElement(Ns + "BkToCstmrStmt",
                new XElement(Ns + "GrpHdr", new XElement(Ns + "MsgId", statementId), new XElement(Ns + "CreDtTm", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T18:00:00")),
                statement)));
        return document.Declaration + "\n" + document.Root;
    }

    private static XElement Balance(string code, long minor, Currency currency, DateOnly date) => new(Ns + "Bal",
        new XElement(Ns + "Tp", new XElement(Ns + "CdOrPrtry", new XElement(Ns + "Cd", code))),
        Amount(minor, currency),
        new XElement(Ns + "CdtDbtInd", minor < 0 ? "DBIT" : "CRDT"),
        new XElement(Ns + "Dt", new XElement(Ns + "Dt", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));

    private static XElement Entry(BankStatementEntry e, Currency currency)
    {
        var credit = e.AmountMinor >= 0;
        var party = credit ? "Dbtr" : "Cdtr";
        var remittance = new XElement(Ns + "RmtInf", new XElement(Ns + "Ustrd", e.Remittance));
        if (e.CreditorReference is { } reference)
        {
            remittance.Add(new XElement(Ns + "Strd", new XElement(Ns + "CdtrRefInf", new XElement(Ns + "Ref", reference))));
        }

        return new XElement(Ns + "Ntry",
            Amount(e.AmountMinor, currency),
            new XElement(Ns + "CdtDbtInd", credit ? "CRDT" : "DBIT"),
            new XElement(Ns + "Sts", "BOOK"),
            new XElement(Ns + "BookgDt", new XElement(Ns + "Dt", e.BookedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new XElement(Ns + "ValDt", new XElement(Ns + "Dt", e.BookedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new XElement(Ns + "AcctSvcrRef", e.BankReference),
            new XElement(Ns + "NtryDtls", new XElement(Ns + "TxDtls",
                new XElement(Ns + "Refs", new XElement(Ns + "EndToEndId", "NOTPROVIDED")),
                new XElement(Ns + "RltdPties",
                    e.PayerName is null ? null : new XElement(Ns + party, new XElement(Ns + "Nm", e.PayerName)),
                    e.PayerAccount is null ? null : new XElement(Ns + party + "Acct", new XElement(Ns + "Id", new XElement(Ns + "IBAN", e.PayerAccount)))),
                remittance)));
    }

    private static XElement Amount(long minor, Currency currency) =>
        new(Ns + "Amt", new XAttribute("Ccy", currency.Code), new Credo.Domain.Amounts.Money(Math.Abs(minor), currency).ToMajorString());
}
