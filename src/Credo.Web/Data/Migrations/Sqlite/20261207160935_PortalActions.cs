using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortalActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_questions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    InvoiceId = table.Column<long>(type: "INTEGER", nullable: true),
                    InvoiceNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BuyerUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    AskedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwaitingAnswer = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastMessageAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_questions_buyer_users_BuyerUserId",
                        column: x => x.BuyerUserId,
                        principalTable: "buyer_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_portal_questions_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "portal_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QuestionId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromBuyer = table.Column<bool>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_portal_messages_portal_questions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "portal_questions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_messages_QuestionId_Id",
                table: "portal_messages",
                columns: new[] { "QuestionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_questions_AwaitingAnswer_LastMessageAtUtc",
                table: "portal_questions",
                columns: new[] { "AwaitingAnswer", "LastMessageAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_questions_BuyerUserId",
                table: "portal_questions",
                column: "BuyerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_questions_CustomerId_LastMessageAtUtc",
                table: "portal_questions",
                columns: new[] { "CustomerId", "LastMessageAtUtc" });

            // The thread is append-only (a message is never edited or removed).
            migrationBuilder.Sql("CREATE TRIGGER portal_messages_no_update BEFORE UPDATE ON portal_messages BEGIN SELECT RAISE(ABORT, 'portal_messages is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER portal_messages_no_delete BEFORE DELETE ON portal_messages BEGIN SELECT RAISE(ABORT, 'portal_messages is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_messages");

            migrationBuilder.DropTable(
                name: "portal_questions");
        }
    }
}
