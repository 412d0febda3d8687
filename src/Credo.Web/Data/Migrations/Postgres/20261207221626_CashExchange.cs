using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CashExchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bank_line_exchanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LineId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    PaidMinor = table.Column<long>(type: "bigint", nullable: false),
                    PaidCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Rate = table.Column<decimal>(type: "numeric(28,12)", precision: 28, scale: 12, nullable: false),
                    RateEffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ConvertedMinor = table.Column<long>(type: "bigint", nullable: false),
                    OwedMinor = table.Column<long>(type: "bigint", nullable: false),
                    DifferenceMinor = table.Column<long>(type: "bigint", nullable: false),
                    Adjustments = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bank_line_exchanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bank_line_exchanges_bank_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "bank_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bank_line_exchanges_LineId_Sequence",
                table: "bank_line_exchanges",
                columns: new[] { "LineId", "Sequence" },
                unique: true);

            // A line's conversion is append-only (ADR 0003's triggers): what the bank received and at which rate.
            migrationBuilder.Sql("CREATE TRIGGER bank_line_exchanges_no_update BEFORE UPDATE ON bank_line_exchanges FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_exchanges_no_delete BEFORE DELETE ON bank_line_exchanges FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_exchanges_no_truncate BEFORE TRUNCATE ON bank_line_exchanges FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_line_exchanges");
        }
    }
}
