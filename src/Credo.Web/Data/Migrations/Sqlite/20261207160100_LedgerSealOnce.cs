using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Issue 12 / ADR 0020, the upgrade gap: a ledger row's seal may be written once where it has none (the one-time
    /// <c>seal-ledger --existing</c> of rows written before seals existed), and never changed once written. The other
    /// posted columns stay immutable as before. No model change (hand-written, no target model).
    /// </summary>
    [DbContext(typeof(SqliteCreditDb))]
    [Migration("20261207160100_LedgerSealOnce")]
    public partial class LedgerSealOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"" ON ledger_entries BEGIN SELECT RAISE(ABORT, 'posted ledger columns are immutable'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries WHEN OLD.""Seal"" IS NOT NULL AND OLD.""Seal"" <> '' BEGIN SELECT RAISE(ABORT, 'a ledger seal is written once and never changed'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"",""Seal"" ON ledger_entries BEGIN SELECT RAISE(ABORT, 'posted ledger columns are immutable'); END;");
        }
    }
}
