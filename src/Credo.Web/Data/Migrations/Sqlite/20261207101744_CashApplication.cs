using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LearnedFromLineId = table.Column<long>(type: "INTEGER", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payer_hints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "seller_bank_accounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seller_bank_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bank_statements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankAccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatementId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StatementDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StatementKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OpeningMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosingMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    BalanceDifferenceMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    BalanceChecked = table.Column<bool>(type: "INTEGER", nullable: false),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<long>(type: "INTEGER", nullable: false),
                    BankAccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    LineNo = table.Column<int>(type: "INTEGER", nullable: false),
                    BookedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Booked = table.Column<bool>(type: "INTEGER", nullable: false),
                    BankReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EndToEndId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CounterpartyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CounterpartyAccount = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Remittance = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StructuredReferences = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    TransactionCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EntryKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Allocations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PaymentReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER bank_statements_no_update BEFORE UPDATE ON bank_statements BEGIN SELECT RAISE(ABORT, 'bank_statements is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_statements_no_delete BEFORE DELETE ON bank_statements BEGIN SELECT RAISE(ABORT, 'bank_statements is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_lines_no_update BEFORE UPDATE ON bank_lines BEGIN SELECT RAISE(ABORT, 'bank_lines is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_lines_no_delete BEFORE DELETE ON bank_lines BEGIN SELECT RAISE(ABORT, 'bank_lines is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_decisions_no_update BEFORE UPDATE ON bank_line_decisions BEGIN SELECT RAISE(ABORT, 'bank_line_decisions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER bank_line_decisions_no_delete BEFORE DELETE ON bank_line_decisions BEGIN SELECT RAISE(ABORT, 'bank_line_decisions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER payer_hints_no_update BEFORE UPDATE ON payer_hints BEGIN SELECT RAISE(ABORT, 'payer_hints is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER payer_hints_no_delete BEFORE DELETE ON payer_hints BEGIN SELECT RAISE(ABORT, 'payer_hints is append-only'); END;");
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
