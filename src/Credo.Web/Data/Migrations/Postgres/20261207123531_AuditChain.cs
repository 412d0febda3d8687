using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "ledger_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Seq",
                table: "audit_entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Seq",
                table: "audit_entries",
                column: "Seq",
                unique: true);

            // Issue 12 §2: the audit trail is append-only like the ledger, and a ledger row's seal is as immutable as
            // what it seals.
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable ON ledger_entries;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"",""Seal"" ON ledger_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_entries_no_update ON audit_entries;");
            migrationBuilder.Sql("DROP TRIGGER audit_entries_no_delete ON audit_entries;");
            migrationBuilder.Sql("DROP TRIGGER audit_entries_no_truncate ON audit_entries;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable ON ledger_entries;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"" ON ledger_entries FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_Seq",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "Seq",
                table: "audit_entries");
        }
    }
}
