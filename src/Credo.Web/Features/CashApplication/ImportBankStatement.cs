using System.Security.Cryptography;
using System.Text;
using Credo.Domain.Common;
using Credo.Domain.Matching.Formats;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// A statement file: its name and text, and the account to import into when it is not registered yet. A CSV export is
/// read through <paramref name="Csv"/>, the bank's column mapping (issue 15 §1); every other format is recognised from
/// its content.
/// </summary>
internal sealed record ImportBankStatementRequest(string FileName, string Content, string? Account, bool Match = true, ColumnMapping? Csv = null);

/// <summary>
/// Imports a bank statement file of any supported format (recognised from its content): whole or nothing, in one
/// transaction. The same statement again (account, statement id, sequence, date) adds nothing, nor does an entry
/// whose bank reference the account already has. Opening + lines = closing is checked and a difference flagged.
/// Then the matcher runs over the new lines.
/// </summary>
internal sealed class ImportBankStatement(CreditDb db, MatchBankLines matcher)
{
    public async Task<Result<BankStatementImportReport>> Handle(ImportBankStatementRequest request, CancellationToken ct)
    {
        var parsed = Parse(request);
        if (!parsed.IsOk)
        {
            return parsed.Error!;
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Content)));
        var written = new List<(BankStatementRecord Record, ParsedStatement Parsed, int Added, bool Again)>();
        await using (var tx = await OwnedTransaction.Begin(db, ct))
        {
            // A refusal returns before the commit: disposing the transaction rolls back a just-registered account too.
            var accounts = await ResolveAccounts(parsed.Value!, request.Account, ct);
            if (!accounts.IsOk)
            {
                db.ChangeTracker.Clear();
                return accounts.Error!;
            }

            var keysSeen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in parsed.Value!.Statements)
            {
                var account = accounts.Value![statement.Account];
                var key = Key(statement);
                var existing = await db.BankStatements.AsNoTracking().FirstOrDefaultAsync(s => s.BankAccountId == account.Id && s.StatementKey == key, ct);
                if (existing is not null)
                {
                    written.Add((existing, statement, 0, true));
                    continue;
                }

                var record = Record(statement, account, key, request.FileName, sha);
                db.BankStatements.Add(record);
                await db.SaveChangesAsync(ct);
                var added = await AddLines(record, statement, keysSeen, ct);
                written.Add((record, statement, added, false));
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        var fresh = written.Where(w => !w.Again).Select(w => w.Record.Id).ToList();
        var run = request.Match ? await matcher.Run(fresh, ct) : new MatchRunReport(0, 0, 0, 0);
        var reports = written.Select(w => new StatementImported(
            w.Record.Id, w.Parsed.Account, w.Record.Format, w.Record.StatementId, w.Parsed.Lines.Count, w.Added, w.Again, BalanceWarning(w.Parsed))).ToList();
        return new BankStatementImportReport(reports, reports.Sum(r => r.LinesRead), reports.Sum(r => r.LinesAdded), run.Applied, run.Suggested, run.Unmatched);
    }

    /// <summary>The file read as its format says (CSV through the bank's mapping), without writing anything: the preview and the import's first step.</summary>
    public static Result<ParsedFile> Parse(ImportBankStatementRequest request)
    {
        if (request.Csv is { } mapping)
        {
            return CsvStatements.Read(request.Content, mapping, request.Account);
        }

        var parsed = StatementReader.Read(request.Content);
        return parsed.IsOk ? parsed : new ValidationFailed("file", parsed.Error!.Message);
    }

    /// <summary>Every statement's account must be one of the seller's, in the statement's currency; --account registers a new one.</summary>
    private async Task<Result<Dictionary<string, SellerBankAccount>>> ResolveAccounts(ParsedFile file, string? register, CancellationToken ct)
    {
        var wanted = register is null ? null : Normalise(register);
        var result = new Dictionary<string, SellerBankAccount>(StringComparer.Ordinal);
        foreach (var statement in file.Statements)
        {
            if (result.ContainsKey(statement.Account))
            {
                continue;
            }

            var account = await db.SellerBankAccounts.FirstOrDefaultAsync(a => a.Account == statement.Account, ct);
            if (account is null && wanted == statement.Account)
            {
                account = new SellerBankAccount { Account = statement.Account, Currency = statement.Currency.Code, CreatedAtUtc = db.UtcNow, CreatedBy = db.Actor.Name };
                db.SellerBankAccounts.Add(account);
                await db.SaveChangesAsync(ct);
            }

            if (account is null)
            {
                return new ValidationFailed("account", $"The statement is for account {statement.Account}, which is not one of the seller's bank accounts. Add it first (or pass it as the account to import into).");
            }

            if (account.Currency != statement.Currency.Code)
            {
                return new ValidationFailed("file", $"The statement for {statement.Account} is in {statement.Currency.Code}, but that account is kept in {account.Currency}.");
            }

            result[statement.Account] = account;
        }

        if (wanted is not null && !result.ContainsKey(wanted))
        {
            return new ValidationFailed("account", $"The file holds no statement for account {wanted} (it names {string.Join(", ", result.Keys)}).");
        }

        return result;
    }

    private async Task<int> AddLines(BankStatementRecord record, ParsedStatement statement, HashSet<string> keysSeen, CancellationToken ct)
    {
        var keys = statement.Lines.Select(EntryKey).OfType<string>().ToList();
        var known = (await db.BankLines.AsNoTracking().Where(l => l.BankAccountId == record.BankAccountId && keys.Contains(l.EntryKey!)).Select(l => l.EntryKey!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var line in statement.Lines)
        {
            var key = EntryKey(line);
            if (key is not null && known.Contains(key))
            {
                continue;
            }

            db.BankLines.Add(new BankLine
            {
                StatementId = record.Id,
                BankAccountId = record.BankAccountId,
                LineNo = line.Number,
                BookedOn = line.BookedOn,
                ValueOn = line.ValueOn,
                AmountMinor = line.Amount.Minor,
                Currency = line.Amount.Currency.Code,
                Booked = line.Booked,
                BankReference = Cut(line.BankReference, 64),
                EndToEndId = Cut(line.EndToEndId, 64),
                CounterpartyName = Cut(line.CounterpartyName, 200),
                CounterpartyAccount = Cut(line.CounterpartyAccount, 64),
                Remittance = Cut(line.Remittance, 2000)!,
                StructuredReferences = Cut(string.Join('\n', line.StructuredReferences), 1000) is { Length: > 0 } refs ? refs : null,
                TransactionCode = Cut(line.TransactionCode, 64),
                EntryKey = key is not null && keysSeen.Add($"{record.BankAccountId}|{key}") ? key : null,
            });
            added++;
        }

        return added;
    }

    private BankStatementRecord Record(ParsedStatement statement, SellerBankAccount account, string key, string fileName, string sha)
    {
        var check = BalanceCheck.Of(statement);
        return new BankStatementRecord
        {
            BankAccountId = account.Id,
            Format = statement.Format.ToString().ToLowerInvariant(),
            StatementId = Cut(statement.StatementId, 64)!,
            Sequence = Cut(statement.Sequence, 64),
            StatementDate = statement.StatementDate,
            StatementKey = key,
            Currency = statement.Currency.Code,
            OpeningMinor = statement.Opening?.Currency == statement.Currency ? statement.Opening.Value.Minor : null,
            ClosingMinor = statement.Closing?.Currency == statement.Currency ? statement.Closing.Value.Minor : null,
            BalanceChecked = check.Checked,
            BalanceDifferenceMinor = check.Difference?.Minor,
            LineCount = statement.Lines.Count,
            FileName = Cut(Path.GetFileName(fileName), 260) ?? "statement",
            FileSha256 = sha,
            ImportedAtUtc = db.UtcNow,
            ImportedBy = db.Actor.Name,
        };
    }

    private static string? BalanceWarning(ParsedStatement statement) =>
        BalanceCheck.Of(statement) is { Balanced: false } check ? check.Explanation : null;

    private static string Key(ParsedStatement statement) =>
        Cut($"{statement.StatementId}|{statement.Sequence}|{statement.StatementDate:yyyy-MM-dd}", 200)!;

    /// <summary>The bank's own reference for the entry, when it gives a real one.</summary>
    private static string? EntryKey(ParsedLine line) =>
        line.BankReference is { Length: >= 6 } reference && reference is not ("NONREF" or "NOTPROVIDED") ? Cut(reference, 100) : null;

    public static string Normalise(string account) => string.Concat(account.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    private static string? Cut(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];
}
