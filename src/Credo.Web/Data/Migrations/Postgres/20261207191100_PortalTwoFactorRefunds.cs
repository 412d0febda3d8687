using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PortalTwoFactorRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AuthenticatorKey",
                table: "buyer_users",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AuthenticatorLastStep",
                table: "buyer_users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecoveryCodeHashes",
                table: "buyer_users",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TwoFactorEnabled",
                table: "buyer_users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "portal_payment_refunds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RefundId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    EntryId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_payment_refunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_payment_refunds_portal_payment_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "portal_payment_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_refunds_Provider_RefundId",
                table: "portal_payment_refunds",
                columns: new[] { "Provider", "RefundId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_refunds_RequestId",
                table: "portal_payment_refunds",
                column: "RequestId");

            // Append-only: a refund is posted once and kept as it was.
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_refunds_no_update BEFORE UPDATE ON portal_payment_refunds FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_refunds_no_delete BEFORE DELETE ON portal_payment_refunds FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_refunds_no_truncate BEFORE TRUNCATE ON portal_payment_refunds FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_payment_refunds");

            migrationBuilder.DropColumn(
                name: "AuthenticatorKey",
                table: "buyer_users");

            migrationBuilder.DropColumn(
                name: "AuthenticatorLastStep",
                table: "buyer_users");

            migrationBuilder.DropColumn(
                name: "RecoveryCodeHashes",
                table: "buyer_users");

            migrationBuilder.DropColumn(
                name: "TwoFactorEnabled",
                table: "buyer_users");
        }
    }
}
