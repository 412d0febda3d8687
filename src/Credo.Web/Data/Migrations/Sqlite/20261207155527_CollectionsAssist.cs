using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CollectionsAssist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assist_exchanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplyId = table.Column<long>(type: "INTEGER", nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Prompt = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assist_exchanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbound_replies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    InReplyTo = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Attachments = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AttachmentProblems = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    DunningMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    MatchedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConfidencePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Invoices = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ModelLabel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ModelConfidencePercent = table.Column<int>(type: "INTEGER", nullable: true),
                    ModelNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_replies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assist_exchanges_CustomerId",
                table: "assist_exchanges",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_inbound_replies_CustomerId",
                table: "inbound_replies",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_inbound_replies_MessageKey",
                table: "inbound_replies",
                column: "MessageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inbound_replies_Status_ReceivedAtUtc",
                table: "inbound_replies",
                columns: new[] { "Status", "ReceivedAtUtc" });

            // what was sent to a language model is kept as it was: append-only
            migrationBuilder.Sql("CREATE TRIGGER assist_exchanges_no_update BEFORE UPDATE ON assist_exchanges BEGIN SELECT RAISE(ABORT, 'assist_exchanges is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER assist_exchanges_no_delete BEFORE DELETE ON assist_exchanges BEGIN SELECT RAISE(ABORT, 'assist_exchanges is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assist_exchanges");

            migrationBuilder.DropTable(
                name: "inbound_replies");
        }
    }
}
