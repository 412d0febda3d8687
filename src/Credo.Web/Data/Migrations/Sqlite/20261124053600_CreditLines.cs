using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CreditLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_block_rules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ThresholdMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Days = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_block_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "credit_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    LimitMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    TempIncreaseMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    TempIncreaseExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReservedMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivableMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_lines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "credit_reservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderReference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ShipOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecisionJson = table.Column<string>(type: "TEXT", nullable: false),
                    InvoiceDocument = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_reservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_credit_reservations_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ToCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 12, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "credit_line_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LineId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OldLimitMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    NewLimitMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    TempIncreaseMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    TempIncreaseExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_line_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_credit_line_changes_credit_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "credit_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "credit_reservation_lines",
                columns: table => new
                {
                    ReservationId = table.Column<long>(type: "INTEGER", nullable: false),
                    LineId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_reservation_lines", x => new { x.ReservationId, x.LineId });
                    table.ForeignKey(
                        name: "FK_credit_reservation_lines_credit_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "credit_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_credit_reservation_lines_credit_reservations_ReservationId",
                        column: x => x.ReservationId,
                        principalTable: "credit_reservations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "credit_block_rules",
                columns: new[] { "Id", "Code", "Currency", "Days", "Enabled", "Kind", "ThresholdMinor" },
                values: new object[,]
                {
                    { 1L, "customer-status", null, null, true, "CustomerStatus", null },
                    { 2L, "overdue", "USD", 30, true, "Overdue", 0L },
                    { 3L, "limit-expired", null, null, true, "LimitExpired", null },
                    { 4L, "review-overdue", null, null, true, "ReviewOverdue", null },
                    { 5L, "no-limit", null, null, true, "NoLimit", null }
                });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_credit_open_due",
                table: "ledger_entries",
                columns: new[] { "CustomerId", "DueOn" },
                filter: "\"OpenMinor\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_credit_block_rules_Code",
                table: "credit_block_rules",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_credit_line_changes_LineId_AtUtc",
                table: "credit_line_changes",
                columns: new[] { "LineId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_credit_lines_Level_SubjectId",
                table: "credit_lines",
                columns: new[] { "Level", "SubjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_credit_reservation_lines_LineId",
                table: "credit_reservation_lines",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_credit_reservations_CustomerId_State",
                table: "credit_reservations",
                columns: new[] { "CustomerId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_credit_reservations_OrderReference",
                table: "credit_reservations",
                column: "OrderReference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_credit_reservations_State_ExpiresOn",
                table: "credit_reservations",
                columns: new[] { "State", "ExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rates_FromCurrency_ToCurrency_EffectiveOn",
                table: "exchange_rates",
                columns: new[] { "FromCurrency", "ToCurrency", "EffectiveOn" },
                unique: true);

            // Limit history is append-only.
            migrationBuilder.Sql("CREATE TRIGGER credit_line_changes_no_update BEFORE UPDATE ON credit_line_changes BEGIN SELECT RAISE(ABORT, 'credit_line_changes is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER credit_line_changes_no_delete BEFORE DELETE ON credit_line_changes BEGIN SELECT RAISE(ABORT, 'credit_line_changes is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_block_rules");

            migrationBuilder.DropTable(
                name: "credit_line_changes");

            migrationBuilder.DropTable(
                name: "credit_reservation_lines");

            migrationBuilder.DropTable(
                name: "exchange_rates");

            migrationBuilder.DropTable(
                name: "credit_lines");

            migrationBuilder.DropTable(
                name: "credit_reservations");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_credit_open_due",
                table: "ledger_entries");
        }
    }
}
