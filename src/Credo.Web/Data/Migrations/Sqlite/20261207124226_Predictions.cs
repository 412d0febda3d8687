using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TrainedThrough = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CardJson = table.Column<string>(type: "TEXT", nullable: false),
                    Classifier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Regressor = table.Column<byte[]>(type: "BLOB", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER prediction_models_no_update BEFORE UPDATE ON prediction_models BEGIN SELECT RAISE(ABORT, 'prediction_models is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER prediction_models_no_delete BEFORE DELETE ON prediction_models BEGIN SELECT RAISE(ABORT, 'prediction_models is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prediction_models");
        }
    }
}
