using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "audit_entries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Seq",
                table: "audit_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Seq",
                table: "audit_entries",
                column: "Seq",
                unique: true);

            // Issue 12 §2: the audit trail is append-only like the ledger, and a ledger row's seal is as immutable as
            // what it seals.
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"",""Seal"" ON ledger_entries BEGIN SELECT RAISE(ABORT, 'posted ledger columns are immutable'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER audit_entries_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_posted_immutable;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_posted_immutable BEFORE UPDATE OF ""Id"",""CustomerId"",""Kind"",""Document"",""PostedOn"",""DueOn"",""Currency"",""AmountMinor"",""AppliesToId"",""Reason"",""PoNumber"",""ExternalRef"",""Method"",""TermsCode"",""ImportBatchId"",""SourceLine"",""ContentHash"",""RecordedAtUtc"",""RecordedBy"" ON ledger_entries BEGIN SELECT RAISE(ABORT, 'posted ledger columns are immutable'); END;");

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
