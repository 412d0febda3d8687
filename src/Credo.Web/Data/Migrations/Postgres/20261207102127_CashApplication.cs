using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CashApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payer_hints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LearnedFromLineId = table.Column<long>(type: "bigint", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payer_hints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "seller_bank_accounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seller_bank_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bank_statements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BankAccountId = table.Column<long>(type: "bigint", nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StatementId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    StatementDate = table.Column<DateOnly>(type: "date", nullable: true),
                    StatementKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    OpeningMinor = table.Column<long>(type: "bigint", nullable: true),
                    ClosingMinor = table.Column<long>(type: "bigint", nullable: true),
                    BalanceDifferenceMinor = table.Column<long>(type: "bigint", nullable: true),
                    BalanceChecked = table.Column<bool>(type: "boolean", nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    FileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bank_statements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bank_statements_seller_bank_accounts_BankAccountId",
                        column: x => x.BankAccountId,
                        principalTable: "seller_bank_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bank_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StatementId = table.Column<long>(type: "bigint", nullable: false),
                    BankAccountId = table.Column<long>(type: "bigint", nullable: false),
                    LineNo = table.Column<int>(type: "integer", nullable: false),
                    BookedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Booked = table.Column<bool>(type: "boolean", nullable: false),
                    BankReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EndToEndId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CounterpartyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CounterpartyAccount = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Remittance = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    StructuredReferences = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    TransactionCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EntryKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bank_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bank_lines_bank_statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "bank_statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bank_line_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LineId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Signature = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Allocations = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PaymentReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bank_line_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bank_line_decisions_bank_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "bank_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bank_line_decisions_LineId_Sequence",
                table: "bank_line_decisions",
                columns: new[] { "LineId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bank_lines_BankAccountId_EntryKey",
                table: "bank_lines",
                columns: new[] { "BankAccountId", "EntryKey" },
                unique: true,
                filter: "\"EntryKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_bank_lines_StatementId_LineNo",
                table: "bank_lines",
                columns: new[] { "StatementId", "LineNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bank_statements_BankAccountId_StatementKey",
                table: "bank_statements",
                columns: new[] { "BankAccountId", "StatementKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payer_hints_CustomerId",
                table: "payer_hints",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_payer_hints_Kind_Value",
                table: "payer_hints",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_seller_bank_accounts_Account",
                table: "seller_bank_accounts",
                column: "Account",
                unique: true);

            // Statements, lines, their decisions and what was learned are append-only (ADR 0003's triggers): a line's
            // status is its latest decision row; an undo is a new row and a reversing ledger entry, never an edit.
            migrationBuilder.Sql("CREATE TRIGGER bank_statements_no_update BEFORE UPDATE ON bank_statements FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_statements_no_delete BEFORE DELETE ON bank_statements FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_statements_no_truncate BEFORE TRUNCATE ON bank_statements FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_lines_no_update BEFORE UPDATE ON bank_lines FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_lines_no_delete BEFORE DELETE ON bank_lines FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_lines_no_truncate BEFORE TRUNCATE ON bank_lines FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_decisions_no_update BEFORE UPDATE ON bank_line_decisions FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_decisions_no_delete BEFORE DELETE ON bank_line_decisions FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_decisions_no_truncate BEFORE TRUNCATE ON bank_line_decisions FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER payer_hints_no_update BEFORE UPDATE ON payer_hints FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER payer_hints_no_delete BEFORE DELETE ON payer_hints FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER payer_hints_no_truncate BEFORE TRUNCATE ON payer_hints FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_line_decisions");

            migrationBuilder.DropTable(
                name: "payer_hints");

            migrationBuilder.DropTable(
                name: "bank_lines");

            migrationBuilder.DropTable(
                name: "bank_statements");

            migrationBuilder.DropTable(
                name: "seller_bank_accounts");
        }
    }
}
