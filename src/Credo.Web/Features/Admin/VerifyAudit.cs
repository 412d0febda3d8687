using System.Globalization;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Admin;

/// <summary>The first broken link of the audit chain: which row, when it says it was written, and what is wrong.</summary>
internal sealed record AuditBreak(long RowId, long? Link, DateTime AtUtc, string Problem);

/// <summary>
/// The audit chain checked from its first link to its head. <paramref name="RowsBeforeChain"/> rows were written
/// before the chain existed (an upgraded database) and cannot be checked; <paramref name="Head"/> is the last link's
/// hash: record it elsewhere, and a later verification proves nothing before it was rewritten.
/// </summary>
internal sealed record AuditVerification(bool Intact, long Rows, long RowsBeforeChain, string Head, AuditBreak? FirstBreak, string Summary);

/// <summary>
/// <c>verify-audit</c> and <c>GET /api/admin/audit/verification</c> (issue 12 §2, ADR 0020): walks the chain in link
/// order, recomputing each hash from the previous one, and reports the first link that does not hold: a row changed
/// after it was written, a missing link (a row deleted), or a row with no link written after the chain began (a row
/// inserted around Credo). Reads in pages, so memory does not grow with the trail.
/// </summary>
internal sealed class VerifyAudit(CreditDb db)
{
    private const int Page = 2000;

    public async Task<AuditVerification> Handle(CancellationToken ct)
    {
        var firstLinked = await db.Audit.Where(a => a.Seq != null).MinAsync(a => (long?)a.Id, ct);
        var beforeChain = await db.Audit.LongCountAsync(a => a.Seq == null && (firstLinked == null || a.Id < firstLinked), ct);
        var (rows, head, broken) = await Walk(ct);
        broken ??= await Unlinked(firstLinked, ct);
        var total = rows + beforeChain;
        return broken is null
            ? new AuditVerification(true, total, beforeChain, head, null, $"intact, {total} rows" + (beforeChain > 0 ? $" ({beforeChain} written before the chain began, not checked)" : string.Empty))
            : new AuditVerification(false, total, beforeChain, head, broken, Describe(broken));
    }

    private async Task<(long Rows, string Head, AuditBreak? Broken)> Walk(CancellationToken ct)
    {
        var (seq, hash, rows) = (0L, AuditChain.Genesis, 0L);
        while (true)
        {
            var after = seq;
            var page = await db.Audit.AsNoTracking().Where(a => a.Seq > after).OrderBy(a => a.Seq).Take(Page).ToListAsync(ct);
            foreach (var row in page)
            {
                if (row.Seq != seq + 1)
                {
                    return (rows, hash, new AuditBreak(row.Id, seq + 1, row.AtUtc, $"link {seq + 1} is missing: the row written between link {seq} and link {row.Seq} was deleted."));
                }

                if (!string.Equals(AuditChain.HashOf(hash, row), row.Hash, StringComparison.Ordinal))
                {
                    return (rows, hash, new AuditBreak(row.Id, row.Seq, row.AtUtc, "the row no longer matches its hash: it, or its link to the row before it, was changed after it was written."));
                }

                (seq, hash, rows) = (row.Seq.Value, row.Hash!, rows + 1);
            }

            if (page.Count < Page)
            {
                return (rows, hash, null);
            }
        }
    }

    /// <summary>A row with no link written after the chain began did not come through Credo's save.</summary>
    private async Task<AuditBreak?> Unlinked(long? firstLinked, CancellationToken ct)
    {
        if (firstLinked is null)
        {
            return null;
        }

        var row = await db.Audit.AsNoTracking().Where(a => a.Seq == null && a.Id > firstLinked).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : new AuditBreak(row.Id, null, row.AtUtc, "the row has no link: it was inserted around Credo after the chain began.");
    }

    private static string Describe(AuditBreak b) => string.Create(
        CultureInfo.InvariantCulture,
        $"broken at {(b.Link is { } link ? $"link {link}, " : string.Empty)}row {b.RowId}, written {b.AtUtc:yyyy-MM-dd HH:mm:ss} UTC: {b.Problem}");

    public static async Task<IResult> Endpoint(VerifyAudit verify, CancellationToken ct) => TypedResults.Ok(await verify.Handle(ct));
}
