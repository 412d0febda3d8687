using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// Issue 12 / ADR 0020, the upgrade gap: a ledger row's seal may be written once where it has none (the one-time
    /// <c>seal-ledger --existing</c> of rows written before seals existed), and never changed once written. The other
    /// posted columns stay immutable as before. No model change (hand-written, no target model).
    /// </summary>
    [DbContext(typeof(PostgresCreditDb))]
    [Migration("20261207160110_LedgerSealOnce")]
    public partial class LedgerSealOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable ON ledger_entries;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"" ON ledger_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries FOR EACH ROW WHEN (OLD.""Seal"" IS NOT NULL AND OLD.""Seal"" <> '') EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once ON ledger_entries;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable ON ledger_entries;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"",""Seal"" ON ledger_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
        }
    }
}
