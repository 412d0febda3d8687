using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Workflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "application_approvals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionId = table.Column<long>(type: "INTEGER", nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LimitMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TermsCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Final = table.Column<bool>(type: "INTEGER", nullable: false),
                    Override = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_approvals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_application_approvals_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "application_assessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionId = table.Column<long>(type: "INTEGER", nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LimitMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TermsCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RiskClass = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Score = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NeedsSecondApprover = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FraudSignalsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourcesJson = table.Column<string>(type: "TEXT", nullable: false),
                    FactsJson = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_application_assessments_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_application_approvals_ApplicationId_Id",
                table: "application_approvals",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_application_assessments_ApplicationId_Id",
                table: "application_assessments",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_application_assessments_DecisionId",
                table: "application_assessments",
                column: "DecisionId");

            // Append-only (workflow branch raw SQL).
            migrationBuilder.Sql("CREATE TRIGGER application_assessments_no_update BEFORE UPDATE ON application_assessments BEGIN SELECT RAISE(ABORT, 'application_assessments is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER application_assessments_no_delete BEFORE DELETE ON application_assessments BEGIN SELECT RAISE(ABORT, 'application_assessments is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER application_approvals_no_update BEFORE UPDATE ON application_approvals BEGIN SELECT RAISE(ABORT, 'application_approvals is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER application_approvals_no_delete BEFORE DELETE ON application_approvals BEGIN SELECT RAISE(ABORT, 'application_approvals is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_approvals");

            migrationBuilder.DropTable(
                name: "application_assessments");
        }
    }
}
