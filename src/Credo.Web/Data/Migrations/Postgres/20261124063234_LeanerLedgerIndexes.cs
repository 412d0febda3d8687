using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeanerLedgerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_AppliesToId",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_ImportBatchId",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_AppliesToId",
                table: "ledger_entries",
                column: "AppliesToId",
                filter: "\"AppliesToId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_AppliesToId",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_AppliesToId",
                table: "ledger_entries",
                column: "AppliesToId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_ImportBatchId",
                table: "ledger_entries",
                column: "ImportBatchId");
        }
    }
}
