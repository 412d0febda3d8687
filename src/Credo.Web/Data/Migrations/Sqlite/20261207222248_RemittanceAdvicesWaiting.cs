using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemittanceAdvicesWaiting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AdviceId",
                table: "bank_line_decisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "remittance_advices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Form = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TotalMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Invoices = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Said = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remittance_advices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bank_line_decisions_AdviceId",
                table: "bank_line_decisions",
                column: "AdviceId",
                filter: "\"AdviceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_remittance_advices_Currency_TotalMinor",
                table: "remittance_advices",
                columns: new[] { "Currency", "TotalMinor" });

            // Append-only: advices are kept as received (issue 15 §3); the decision naming one says it was used.
            migrationBuilder.Sql("CREATE TRIGGER remittance_advices_no_update BEFORE UPDATE ON remittance_advices BEGIN SELECT RAISE(ABORT, 'remittance_advices is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER remittance_advices_no_delete BEFORE DELETE ON remittance_advices BEGIN SELECT RAISE(ABORT, 'remittance_advices is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "remittance_advices");

            migrationBuilder.DropIndex(
                name: "IX_bank_line_decisions_AdviceId",
                table: "bank_line_decisions");

            migrationBuilder.DropColumn(
                name: "AdviceId",
                table: "bank_line_decisions");
        }
    }
}
