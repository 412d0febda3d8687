using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Provider = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: true),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    PulledAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: true),
                    SuggestedLimitMinor = table.Column<long>(type: "bigint", nullable: true),
                    SuggestedLimitCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Bankruptcy = table.Column<bool>(type: "boolean", nullable: true),
                    Judgments = table.Column<int>(type: "integer", nullable: true),
                    RawJson = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CostMinor = table.Column<long>(type: "bigint", nullable: false),
                    CostCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: true),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TotalAssetsMinor = table.Column<long>(type: "bigint", nullable: false),
                    TotalLiabilitiesMinor = table.Column<long>(type: "bigint", nullable: false),
                    CurrentAssetsMinor = table.Column<long>(type: "bigint", nullable: false),
                    CurrentLiabilitiesMinor = table.Column<long>(type: "bigint", nullable: false),
                    RetainedEarningsMinor = table.Column<long>(type: "bigint", nullable: false),
                    EbitMinor = table.Column<long>(type: "bigint", nullable: false),
                    BookEquityMinor = table.Column<long>(type: "bigint", nullable: false),
                    InventoryMinor = table.Column<long>(type: "bigint", nullable: true),
                    RevenueMinor = table.Column<long>(type: "bigint", nullable: true),
                    NetIncomeMinor = table.Column<long>(type: "bigint", nullable: true),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EnteredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Company = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RequestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TokenExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Experience = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    HighestCreditMinor = table.Column<long>(type: "bigint", nullable: true),
                    HighestCreditCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Terms = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    YearsKnown = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER bureau_pulls_no_update BEFORE UPDATE ON bureau_pulls FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bureau_pulls_no_delete BEFORE DELETE ON bureau_pulls FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bureau_pulls_no_truncate BEFORE TRUNCATE ON bureau_pulls FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS bureau_pulls_no_update ON bureau_pulls;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS bureau_pulls_no_delete ON bureau_pulls;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS bureau_pulls_no_truncate ON bureau_pulls;");

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
