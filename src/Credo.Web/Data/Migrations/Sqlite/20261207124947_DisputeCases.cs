using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DisputeCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dispute_cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    LedgerDisputeId = table.Column<long>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    DisputedMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PaymentId = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OpenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ResolvedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolutionDocument = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ResolvedMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispute_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dispute_cases_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dispute_cases_disputes_LedgerDisputeId",
                        column: x => x.LedgerDisputeId,
                        principalTable: "disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dispute_cases_ledger_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "ledger_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dispute_cases_ledger_entries_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "ledger_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dispute_case_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispute_case_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dispute_case_attachments_dispute_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "dispute_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dispute_case_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromBuyer = table.Column<bool>(type: "INTEGER", nullable: false),
                    SharedWithBuyer = table.Column<bool>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AttachmentId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispute_case_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dispute_case_notes_dispute_case_attachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "dispute_case_attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dispute_case_notes_dispute_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "dispute_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dispute_case_attachments_CaseId",
                table: "dispute_case_attachments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_dispute_case_notes_AttachmentId",
                table: "dispute_case_notes",
                column: "AttachmentId");

            migrationBuilder.CreateIndex(
                name: "IX_dispute_case_notes_CaseId_AtUtc",
                table: "dispute_case_notes",
                columns: new[] { "CaseId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_dispute_cases_CustomerId_Status",
                table: "dispute_cases",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_dispute_cases_EntryId",
                table: "dispute_cases",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_dispute_cases_LedgerDisputeId",
                table: "dispute_cases",
                column: "LedgerDisputeId");

            migrationBuilder.CreateIndex(
                name: "IX_dispute_cases_PaymentId_EntryId",
                table: "dispute_cases",
                columns: new[] { "PaymentId", "EntryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dispute_cases_Status_DueOn",
                table: "dispute_cases",
                columns: new[] { "Status", "DueOn" });

            // collections (issue 14): case notes and attachments are append-only
            migrationBuilder.Sql("CREATE TRIGGER dispute_case_notes_no_update BEFORE UPDATE ON dispute_case_notes BEGIN SELECT RAISE(ABORT, 'dispute_case_notes is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dispute_case_notes_no_delete BEFORE DELETE ON dispute_case_notes BEGIN SELECT RAISE(ABORT, 'dispute_case_notes is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dispute_case_attachments_no_update BEFORE UPDATE ON dispute_case_attachments BEGIN SELECT RAISE(ABORT, 'dispute_case_attachments is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dispute_case_attachments_no_delete BEFORE DELETE ON dispute_case_attachments BEGIN SELECT RAISE(ABORT, 'dispute_case_attachments is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispute_case_notes");

            migrationBuilder.DropTable(
                name: "dispute_case_attachments");

            migrationBuilder.DropTable(
                name: "dispute_cases");
        }
    }
}
