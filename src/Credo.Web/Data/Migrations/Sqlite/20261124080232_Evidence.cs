using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Evidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "application_identifiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_identifiers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_application_identifiers_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bureau_pulls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    PulledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    SuggestedLimitMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    SuggestedLimitCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Bankruptcy = table.Column<bool>(type: "INTEGER", nullable: true),
                    Judgments = table.Column<int>(type: "INTEGER", nullable: true),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CostMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CostCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bureau_pulls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bureau_pulls_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_bureau_pulls_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "financial_statements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TotalAssetsMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalLiabilitiesMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrentAssetsMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrentLiabilitiesMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    RetainedEarningsMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    EbitMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    BookEquityMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    InventoryMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    RevenueMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    NetIncomeMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_financial_statements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_financial_statements_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_financial_statements_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reference_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TokenExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Experience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    HighestCreditMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    HighestCreditCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    YearsKnown = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reference_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reference_requests_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_customers_UpdatedAtUtc",
                table: "customers",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_application_identifiers_ApplicationId",
                table: "application_identifiers",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_identifiers_Kind_Value",
                table: "application_identifiers",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_bureau_pulls_ApplicationId",
                table: "bureau_pulls",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_bureau_pulls_CustomerId",
                table: "bureau_pulls",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_bureau_pulls_SubjectKey_Provider_PulledAtUtc",
                table: "bureau_pulls",
                columns: new[] { "SubjectKey", "Provider", "PulledAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_financial_statements_ApplicationId_PeriodEnd",
                table: "financial_statements",
                columns: new[] { "ApplicationId", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_financial_statements_CustomerId_PeriodEnd",
                table: "financial_statements",
                columns: new[] { "CustomerId", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_reference_requests_ApplicationId",
                table: "reference_requests",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_reference_requests_TokenHash",
                table: "reference_requests",
                column: "TokenHash",
                unique: true);

            // Bureau pulls are the audit of what was bought: append-only.
            migrationBuilder.Sql("CREATE TRIGGER bureau_pulls_no_update BEFORE UPDATE ON bureau_pulls BEGIN SELECT RAISE(ABORT, 'bureau_pulls is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bureau_pulls_no_delete BEFORE DELETE ON bureau_pulls BEGIN SELECT RAISE(ABORT, 'bureau_pulls is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS bureau_pulls_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS bureau_pulls_no_delete;");

            migrationBuilder.DropTable(
                name: "application_identifiers");

            migrationBuilder.DropTable(
                name: "bureau_pulls");

            migrationBuilder.DropTable(
                name: "financial_statements");

            migrationBuilder.DropTable(
                name: "reference_requests");

            migrationBuilder.DropIndex(
                name: "IX_customers_UpdatedAtUtc",
                table: "customers");
        }
    }
}
