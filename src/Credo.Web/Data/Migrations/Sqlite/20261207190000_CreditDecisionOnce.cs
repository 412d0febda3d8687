using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Issue 17 §2 (creditpath): a credit decision is stored once, on its reservation; the check writer's outbox event
    /// names the reservation (<c>DecisionOf</c>) instead of copying its answer. The filtered index finds the events to pin
    /// before a reservation's stored answer is rewritten; it grows at its right edge only (ids ascend).
    /// Hand-written (no target model), as LedgerSealOnce.
    /// </summary>
    [DbContext(typeof(SqliteCreditDb))]
    [Migration("20261207190000_CreditDecisionOnce")]
    public partial class CreditDecisionOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DecisionOf",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DecisionOf",
                table: "outbox_messages",
                column: "DecisionOf",
                filter: "\"DecisionOf\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_DecisionOf",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "DecisionOf",
                table: "outbox_messages");
        }
    }
}
