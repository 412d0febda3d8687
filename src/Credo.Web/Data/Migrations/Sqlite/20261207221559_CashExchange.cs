using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    PaidMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 12, nullable: false),
                    RateEffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ConvertedMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    OwedMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    DifferenceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Adjustments = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER bank_line_exchanges_no_update BEFORE UPDATE ON bank_line_exchanges BEGIN SELECT RAISE(ABORT, 'bank_line_exchanges is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_exchanges_no_delete BEFORE DELETE ON bank_line_exchanges BEGIN SELECT RAISE(ABORT, 'bank_line_exchanges is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_line_exchanges");
        }
    }
}
