using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortalRefundsWaiting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_refunds_waiting",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RefundId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Cumulative = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_refunds_waiting", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_refunds_waiting_portal_payment_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "portal_payment_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_refunds_waiting_Provider_RefundId",
                table: "portal_refunds_waiting",
                columns: new[] { "Provider", "RefundId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_refunds_waiting_RequestId",
                table: "portal_refunds_waiting",
                column: "RequestId");

            // Append-only: a kept refund is a record of what the provider said, never changed.
            migrationBuilder.Sql("CREATE TRIGGER portal_refunds_waiting_no_update BEFORE UPDATE ON portal_refunds_waiting BEGIN SELECT RAISE(ABORT, 'portal_refunds_waiting is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER portal_refunds_waiting_no_delete BEFORE DELETE ON portal_refunds_waiting BEGIN SELECT RAISE(ABORT, 'portal_refunds_waiting is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_refunds_waiting");
        }
    }
}
