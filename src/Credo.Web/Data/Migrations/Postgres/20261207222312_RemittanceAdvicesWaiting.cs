using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "remittance_advices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Form = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TotalMinor = table.Column<long>(type: "bigint", nullable: true),
                    Invoices = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Said = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER remittance_advices_no_update BEFORE UPDATE ON remittance_advices FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER remittance_advices_no_delete BEFORE DELETE ON remittance_advices FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER remittance_advices_no_truncate BEFORE TRUNCATE ON remittance_advices FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
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
