using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// Issue 11 / ADR 0020: a ledger seal is stored as its 32 raw bytes (bytea) instead of 64 hex characters. Hand-written
    /// because the column's type changes with a conversion: <c>decode(seal, 'hex')</c> for a seal of 64 lower-case hex
    /// characters (the only kind Credo wrote); any other value keeps its bytes as written, so a forgery stays a wrong
    /// seal and never becomes "no seal" for <c>seal-ledger --existing</c> to write; an empty seal becomes none (it meant
    /// none). PostgreSQL refuses to retype a column a trigger names, so the seal-once trigger is set aside for the
    /// conversion (ALTER COLUMN fires no row triggers) and comes back comparing lengths; the posted-columns, no-delete
    /// and no-truncate triggers are not touched.
    /// </summary>
    public partial class LedgerSealBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once ON ledger_entries;");
            migrationBuilder.Sql(@"ALTER TABLE ledger_entries ALTER COLUMN ""Seal"" TYPE bytea USING CASE
                WHEN ""Seal"" = '' THEN NULL
                WHEN ""Seal"" ~ '^[0-9a-f]{64}$' THEN decode(""Seal"", 'hex')
                ELSE convert_to(""Seal"", 'UTF8') END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries FOR EACH ROW WHEN (OLD.""Seal"" IS NOT NULL AND length(OLD.""Seal"") > 0) EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_seal_once ON ledger_entries;");
            migrationBuilder.Sql(@"ALTER TABLE ledger_entries ALTER COLUMN ""Seal"" TYPE character varying(64) USING CASE
                WHEN length(""Seal"") = 32 THEN encode(""Seal"", 'hex')
                ELSE left(encode(""Seal"", 'escape'), 64) END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_seal_once BEFORE UPDATE OF ""Seal"" ON ledger_entries FOR EACH ROW WHEN (OLD.""Seal"" IS NOT NULL AND OLD.""Seal"" <> '') EXECUTE FUNCTION credo_refuse_change();");
        }
    }
}
