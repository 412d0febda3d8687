using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ForecastWeeks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "forecast_weeks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MadeOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    P10Minor = table.Column<long>(type: "INTEGER", nullable: false),
                    P50Minor = table.Column<long>(type: "INTEGER", nullable: false),
                    P90Minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forecast_weeks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_forecast_weeks_MadeOn_Currency_Week",
                table: "forecast_weeks",
                columns: new[] { "MadeOn", "Currency", "Week" },
                unique: true);

            // Stored forecasts are append-only: what was forecast is what is compared.
            migrationBuilder.Sql("CREATE TRIGGER forecast_weeks_no_update BEFORE UPDATE ON forecast_weeks BEGIN SELECT RAISE(ABORT, 'forecast_weeks is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER forecast_weeks_no_delete BEFORE DELETE ON forecast_weeks BEGIN SELECT RAISE(ABORT, 'forecast_weeks is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "forecast_weeks");
        }
    }
}
