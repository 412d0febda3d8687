using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Predictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "prediction_models",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    TrainedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TrainedThrough = table.Column<DateOnly>(type: "date", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    TrainedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PeriodKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CardJson = table.Column<string>(type: "text", nullable: false),
                    Classifier = table.Column<byte[]>(type: "bytea", nullable: false),
                    Regressor = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prediction_models", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_prediction_models_PeriodKey",
                table: "prediction_models",
                column: "PeriodKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_prediction_models_Version",
                table: "prediction_models",
                column: "Version",
                unique: true);

            // Model versions are append-only: a retraining adds a version, never rewrites one.
            migrationBuilder.Sql("CREATE TRIGGER prediction_models_no_update BEFORE UPDATE ON prediction_models FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER prediction_models_no_delete BEFORE DELETE ON prediction_models FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER prediction_models_no_truncate BEFORE TRUNCATE ON prediction_models FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prediction_models");
        }
    }
}
