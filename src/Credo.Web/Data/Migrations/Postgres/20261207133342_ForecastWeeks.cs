using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MadeOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Week = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    P10Minor = table.Column<long>(type: "bigint", nullable: false),
                    P50Minor = table.Column<long>(type: "bigint", nullable: false),
                    P90Minor = table.Column<long>(type: "bigint", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER forecast_weeks_no_update BEFORE UPDATE ON forecast_weeks FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER forecast_weeks_no_delete BEFORE DELETE ON forecast_weeks FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER forecast_weeks_no_truncate BEFORE TRUNCATE ON forecast_weeks FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "forecast_weeks");
        }
    }
}
