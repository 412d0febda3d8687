using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Policy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "policy_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RetiredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policy_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "policy_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: true),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    PolicyVersionId = table.Column<long>(type: "bigint", nullable: true),
                    PolicyVersionNumber = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    FactsJson = table.Column<string>(type: "text", nullable: false),
                    ScorecardJson = table.Column<string>(type: "text", nullable: false),
                    RulesJson = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LimitMinor = table.Column<long>(type: "bigint", nullable: true),
                    TermsCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RiskClass = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Score = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: true),
                    ReasonsJson = table.Column<string>(type: "text", nullable: false),
                    NeedsSecondApprover = table.Column<bool>(type: "boolean", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policy_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_policy_decisions_credit_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "credit_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policy_decisions_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policy_decisions_policy_versions_PolicyVersionId",
                        column: x => x.PolicyVersionId,
                        principalTable: "policy_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_policy_decisions_ApplicationId_Id",
                table: "policy_decisions",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_policy_decisions_CustomerId_Id",
                table: "policy_decisions",
                columns: new[] { "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_policy_decisions_PolicyVersionId",
                table: "policy_decisions",
                column: "PolicyVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_policy_versions_Number",
                table: "policy_versions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_policy_versions_Status",
                table: "policy_versions",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Published'");

            // Decisions are append-only; a published version's definition never changes (raw SQL: listed in the final report).
            migrationBuilder.Sql("CREATE TRIGGER policy_decisions_no_update BEFORE UPDATE ON policy_decisions FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER policy_decisions_no_delete BEFORE DELETE ON policy_decisions FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER policy_decisions_no_truncate BEFORE TRUNCATE ON policy_decisions FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER policy_versions_published_immutable BEFORE UPDATE OF \"DefinitionJson\", \"Number\" ON policy_versions FOR EACH ROW WHEN (OLD.\"Status\" <> 'Draft') EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions FOR EACH ROW WHEN (OLD.\"Status\" <> 'Draft') EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS policy_decisions_no_update ON policy_decisions;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS policy_decisions_no_delete ON policy_decisions;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS policy_decisions_no_truncate ON policy_decisions;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS policy_versions_published_immutable ON policy_versions;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS policy_versions_no_delete ON policy_versions;");

            migrationBuilder.DropTable(
                name: "policy_decisions");

            migrationBuilder.DropTable(
                name: "policy_versions");
        }
    }
}
