using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// Issue 14 (collections): statutory interest and the ledger references of fees and interest stored with each dunning
    /// message, the letter's PDF as sent, and the interest charged on each item. Written by hand (the model snapshot was
    /// updated to match); the lead may regenerate it at merge.
    /// </summary>
    [DbContext(typeof(PostgresCreditDb))]
    [Migration("20261207160500_CollectionsLetters")]
    public partial class CollectionsLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "ChargesText", table: "dunning_messages", type: "character varying(1000)", maxLength: 1000, nullable: true);
            migrationBuilder.AddColumn<string>(name: "InterestText", table: "dunning_messages", type: "character varying(300)", maxLength: 300, nullable: true);
            migrationBuilder.AddColumn<byte[]>(name: "LetterPdf", table: "dunning_messages", type: "bytea", nullable: true);
            migrationBuilder.AddColumn<long>(name: "InterestMinor", table: "dunning_message_items", type: "bigint", nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "ChargesText", table: "dunning_messages");
            migrationBuilder.DropColumn(name: "InterestText", table: "dunning_messages");
            migrationBuilder.DropColumn(name: "LetterPdf", table: "dunning_messages");
            migrationBuilder.DropColumn(name: "InterestMinor", table: "dunning_message_items");
        }
    }
}
