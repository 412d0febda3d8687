using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatementIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_CustomerId_PostedOn_Id",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_CustomerId_Currency_PostedOn_Id_AmountMinor",
                table: "ledger_entries",
                columns: new[] { "CustomerId", "Currency", "PostedOn", "Id", "AmountMinor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_CustomerId_Currency_PostedOn_Id_AmountMinor",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_CustomerId_PostedOn_Id",
                table: "ledger_entries",
                columns: new[] { "CustomerId", "PostedOn", "Id" });
        }
    }
}
