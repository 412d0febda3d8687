using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    InvoiceId = table.Column<long>(type: "bigint", nullable: true),
                    InvoiceNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BuyerUserId = table.Column<long>(type: "bigint", nullable: false),
                    AskedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AwaitingAnswer = table.Column<bool>(type: "boolean", nullable: false),
                    LastMessageAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    QuestionId = table.Column<long>(type: "bigint", nullable: false),
                    FromBuyer = table.Column<bool>(type: "boolean", nullable: false),
                    Author = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER portal_messages_no_update BEFORE UPDATE ON portal_messages FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_messages_no_delete BEFORE DELETE ON portal_messages FOR EACH ROW EXECUTE FUNCTION credo_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER portal_messages_no_truncate BEFORE TRUNCATE ON portal_messages FOR EACH STATEMENT EXECUTE FUNCTION credo_refuse_change();");
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
