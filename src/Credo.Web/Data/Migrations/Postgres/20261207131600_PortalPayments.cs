using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PortalPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_payment_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EventId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProviderPaymentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RequestId = table.Column<long>(type: "bigint", nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_payment_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_payment_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    BuyerUserId = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Reference = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ProviderPaymentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PaymentEntryId = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_payment_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_payment_requests_buyer_users_BuyerUserId",
                        column: x => x.BuyerUserId,
                        principalTable: "buyer_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_portal_payment_requests_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "portal_payment_request_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    InvoiceId = table.Column<long>(type: "bigint", nullable: false),
                    InvoiceNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_payment_request_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_payment_request_items_ledger_entries_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "ledger_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_portal_payment_request_items_portal_payment_requests_Reques~",
                        column: x => x.RequestId,
                        principalTable: "portal_payment_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_events_Provider_EventId",
                table: "portal_payment_events",
                columns: new[] { "Provider", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_events_RequestId",
                table: "portal_payment_events",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_request_items_InvoiceId",
                table: "portal_payment_request_items",
                column: "InvoiceId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_request_items_RequestId_InvoiceId",
                table: "portal_payment_request_items",
                columns: new[] { "RequestId", "InvoiceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_requests_BuyerUserId",
                table: "portal_payment_requests",
                column: "BuyerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_requests_Currency_Status_Method",
                table: "portal_payment_requests",
                columns: new[] { "Currency", "Status", "Method" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_requests_CustomerId_Status",
                table: "portal_payment_requests",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_requests_Provider_ProviderPaymentId",
                table: "portal_payment_requests",
                columns: new[] { "Provider", "ProviderPaymentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_payment_requests_Reference",
                table: "portal_payment_requests",
                column: "Reference",
                unique: true);

            // Every provider event handled is kept as it was: append-only, like webhook attempts.
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_events_no_update BEFORE UPDATE ON portal_payment_events FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_events_no_delete BEFORE DELETE ON portal_payment_events FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_payment_events_no_truncate BEFORE TRUNCATE ON portal_payment_events FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_payment_events");

            migrationBuilder.DropTable(
                name: "portal_payment_request_items");

            migrationBuilder.DropTable(
                name: "portal_payment_requests");
        }
    }
}
