using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Issue 17 §2 (creditpath): the SQLite check writer's book (customers, groups, segments, lines, block rules, rates,
    /// open debits) stays valid until one of the tables it holds changes, not until any commit at all. Triggers count the
    /// changes to those tables in one row, <c>credit_book_changes</c>, whoever writes them (this process, the CLI,
    /// raw SQL); a webhook delivery, an email sent or a session touches none of them and so no longer drops the book.
    /// SQLite only: the PostgreSQL writer keeps nothing between batches. Hand-written (no target model), as
    /// CreditDecisionOnce.
    /// </summary>
    [DbContext(typeof(SqliteCreditDb))]
    [Migration("20261207220000_CreditBookChanges")]
    public partial class CreditBookChanges : Migration
    {
        /// <summary>Each table the book holds, and the columns whose update matters (null: any update).</summary>
        internal static readonly (string Table, string Columns)[] Watched =
        [
            ("customers", "\"Number\", \"Status\", \"GroupId\", \"Currency\""),
            ("corporate_groups", "\"ParentId\", \"Code\""),
            ("customer_segments", null),
            ("segments", null),
            ("credit_lines", null),
            ("credit_block_rules", null),
            ("exchange_rates", null),
            ("ledger_entries", "\"CustomerId\", \"OpenMinor\", \"DueOn\", \"Disputed\", \"Currency\""),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE credit_book_changes (\"Id\" INTEGER NOT NULL PRIMARY KEY CHECK (\"Id\" = 1), \"Count\" INTEGER NOT NULL)");
            migrationBuilder.Sql("INSERT INTO credit_book_changes (\"Id\", \"Count\") VALUES (1, 0)");
            foreach (var (table, columns) in Watched)
            {
                foreach (var (name, when) in new[] { ("insert", "INSERT"), ("delete", "DELETE"), ("update", columns is null ? "UPDATE" : $"UPDATE OF {columns}") })
                {
                    migrationBuilder.Sql($"CREATE TRIGGER {table}_book_{name} AFTER {when} ON {table} BEGIN UPDATE credit_book_changes SET \"Count\" = \"Count\" + 1; END");
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _) in Watched)
            {
                foreach (var name in new[] { "insert", "delete", "update" })
                {
                    migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_book_{name}");
                }
            }

            migrationBuilder.Sql("DROP TABLE IF EXISTS credit_book_changes");
        }
    }
}
