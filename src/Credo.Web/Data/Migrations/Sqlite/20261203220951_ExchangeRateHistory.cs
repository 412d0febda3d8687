using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExchangeRateHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_exchange_rates_FromCurrency_ToCurrency_EffectiveOn",
                table: "exchange_rates");

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "exchange_rates",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SupersedesId",
                table: "exchange_rates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ShippedMinor",
                table: "credit_lines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "OldCurrency",
                table: "credit_line_changes",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rates_FromCurrency_ToCurrency_EffectiveOn_Id",
                table: "exchange_rates",
                columns: new[] { "FromCurrency", "ToCurrency", "EffectiveOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_credit_reservations_held_queue",
                table: "credit_reservations",
                columns: new[] { "UpdatedAtUtc", "Id" },
                filter: "\"State\" = 'Held'");

            // The shipped-not-invoiced category gets its own cache column: shipped orders' shares move out of the order
            // cache. Orders shipped under Credit:CountShippedNotInvoiced=false (state ShippedUncounted, shares released)
            // are kept as shipped from now on, so every category is in the cache whatever is counted; reconcile proves it.
            migrationBuilder.Sql(@"UPDATE credit_lines SET ""ShippedMinor"" = COALESCE((SELECT SUM(l.""AmountMinor"") FROM credit_reservation_lines l JOIN credit_reservations r ON r.""Id"" = l.""ReservationId"" WHERE l.""LineId"" = credit_lines.""Id"" AND r.""State"" = 'Shipped'), 0);");
            migrationBuilder.Sql(@"UPDATE credit_lines SET ""ReservedMinor"" = ""ReservedMinor"" - ""ShippedMinor"";");
            migrationBuilder.Sql(@"UPDATE credit_lines SET ""ShippedMinor"" = ""ShippedMinor"" + COALESCE((SELECT SUM(l.""AmountMinor"") FROM credit_reservation_lines l JOIN credit_reservations r ON r.""Id"" = l.""ReservationId"" WHERE l.""LineId"" = credit_lines.""Id"" AND r.""State"" = 'ShippedUncounted'), 0);");
            migrationBuilder.Sql(@"UPDATE credit_reservations SET ""State"" = 'Shipped' WHERE ""State"" = 'ShippedUncounted';");

            // Exchange rates are history (ADR 0003's discipline): a correction is a new row; nothing is updated or deleted.
            // (A later migration that rebuilds this SQLite table must create these triggers again.)
            migrationBuilder.Sql("CREATE TRIGGER exchange_rates_no_update BEFORE UPDATE ON exchange_rates BEGIN SELECT RAISE(ABORT, 'exchange_rates is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER exchange_rates_no_delete BEFORE DELETE ON exchange_rates BEGIN SELECT RAISE(ABORT, 'exchange_rates is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS exchange_rates_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS exchange_rates_no_delete;");
            migrationBuilder.Sql(@"UPDATE credit_lines SET ""ReservedMinor"" = ""ReservedMinor"" + ""ShippedMinor"";");

            migrationBuilder.DropIndex(
                name: "IX_exchange_rates_FromCurrency_ToCurrency_EffectiveOn_Id",
                table: "exchange_rates");

            migrationBuilder.DropIndex(
                name: "IX_credit_reservations_held_queue",
                table: "credit_reservations");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "exchange_rates");

            migrationBuilder.DropColumn(
                name: "SupersedesId",
                table: "exchange_rates");

            migrationBuilder.DropColumn(
                name: "ShippedMinor",
                table: "credit_lines");

            migrationBuilder.DropColumn(
                name: "OldCurrency",
                table: "credit_line_changes");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rates_FromCurrency_ToCurrency_EffectiveOn",
                table: "exchange_rates",
                columns: new[] { "FromCurrency", "ToCurrency", "EffectiveOn" },
                unique: true);
        }
    }
}
