using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Issue 11 / ADR 0020: a ledger seal is stored as its 32 raw bytes instead of 64 hex characters (half the bytes
    /// per row in the table, the WAL and the file). Hand-written: EF would rebuild the whole table to change the
    /// declared type, dropping its append-only triggers; SQLite keeps each value's own storage class, so the column
    /// stays declared TEXT and holds BLOB values (a TEXT column never converts a BLOB). The bundled SQLite (3.53) has
    /// <c>unhex</c>. A seal that is not 64 lower-case hex characters (it cannot hold: Credo wrote only those) keeps its
    /// bytes as written, so a forgery stays a wrong seal and never becomes "no seal" for <c>seal-ledger --existing</c>
    /// to write; an empty seal becomes none (it meant none). The seal-once trigger is set aside for the conversion
    /// and comes back comparing lengths; the posted-columns and no-delete triggers are not touched.
    /// </summary>
    public partial class LedgerSealBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once;");
            migrationBuilder.Sql(@"UPDATE ledger_entries SET ""Seal"" = CASE
                WHEN ""Seal"" = '' THEN NULL
                WHEN length(""Seal"") = 64 AND ""Seal"" NOT GLOB '*[^0-9a-f]*' THEN unhex(""Seal"")
                ELSE CAST(""Seal"" AS BLOB) END
                WHERE typeof(""Seal"") = 'text';");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries WHEN OLD.""Seal"" IS NOT NULL AND length(OLD.""Seal"") > 0 BEGIN SELECT RAISE(ABORT, 'a ledger seal is written once and never changed'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once;");
            migrationBuilder.Sql(@"UPDATE ledger_entries SET ""Seal"" = CASE
                WHEN length(""Seal"") = 32 THEN lower(hex(""Seal""))
                ELSE CAST(""Seal"" AS TEXT) END
                WHERE typeof(""Seal"") = 'blob';");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries WHEN OLD.""Seal"" IS NOT NULL AND OLD.""Seal"" <> '' BEGIN SELECT RAISE(ABORT, 'a ledger seal is written once and never changed'); END;");
        }
    }
}
