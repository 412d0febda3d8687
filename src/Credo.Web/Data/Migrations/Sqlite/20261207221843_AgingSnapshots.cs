using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgingSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "aging_snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MonthEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpperBounds = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EntriesPosted = table.Column<long>(type: "INTEGER", nullable: false),
                    AllocationsApplied = table.Column<long>(type: "INTEGER", nullable: false),
                    DisputesOpened = table.Column<long>(type: "INTEGER", nullable: false),
                    WrittenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aging_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "aging_snapshot_cells",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SnapshotId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Cell = table.Column<int>(type: "INTEGER", nullable: false),
                    Minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aging_snapshot_cells", x => x.Id);
                    table.ForeignKey(
                        name: "FK_aging_snapshot_cells_aging_snapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "aging_snapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_aging_snapshot_cells_SnapshotId",
                table: "aging_snapshot_cells",
                column: "SnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_aging_snapshots_MonthEnd_Basis_UpperBounds",
                table: "aging_snapshots",
                columns: new[] { "MonthEnd", "Basis", "UpperBounds" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "aging_snapshot_cells");

            migrationBuilder.DropTable(
                name: "aging_snapshots");
        }
    }
}
