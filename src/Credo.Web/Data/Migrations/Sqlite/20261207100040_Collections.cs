using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credo.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Collections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collector_rules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CollectorEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collector_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dunning_policy_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dunning_policy_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dunning_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DailyKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PolicyNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MessagesSent = table.Column<int>(type: "INTEGER", nullable: false),
                    AlreadySent = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomersLeftOut = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dunning_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payment_plans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_plans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payment_plans_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dunning_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    RunOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LevelIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    LevelCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LevelName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    TotalsText = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    FeesText = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreditHold = table.Column<bool>(type: "INTEGER", nullable: false),
                    PolicyNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LinkHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dunning_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dunning_messages_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dunning_messages_dunning_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "dunning_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_promises",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: true),
                    InstalmentNo = table.Column<int>(type: "INTEGER", nullable: false),
                    MadeOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PromisedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TakenBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TakenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SettledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_promises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payment_promises_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payment_promises_payment_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "payment_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dunning_message_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OpenMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    LevelIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysPastDue = table.Column<int>(type: "INTEGER", nullable: false),
                    FeeMinor = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dunning_message_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dunning_message_items_dunning_messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "dunning_messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_dunning_message_items_ledger_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "ledger_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "collection_activities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SnoozeUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PromiseId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collection_activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_collection_activities_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_collection_activities_payment_promises_PromiseId",
                        column: x => x.PromiseId,
                        principalTable: "payment_promises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_promise_items",
                columns: table => new
                {
                    PromiseId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenAtPromiseMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_promise_items", x => new { x.PromiseId, x.EntryId });
                    table.ForeignKey(
                        name: "FK_payment_promise_items_ledger_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "ledger_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payment_promise_items_payment_promises_PromiseId",
                        column: x => x.PromiseId,
                        principalTable: "payment_promises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_collection_activities_CustomerId_AtUtc",
                table: "collection_activities",
                columns: new[] { "CustomerId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_collection_activities_PromiseId",
                table: "collection_activities",
                column: "PromiseId");

            migrationBuilder.CreateIndex(
                name: "IX_collector_rules_Scope_Key",
                table: "collector_rules",
                columns: new[] { "Scope", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dunning_message_items_EntryId_LevelIndex",
                table: "dunning_message_items",
                columns: new[] { "EntryId", "LevelIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_dunning_message_items_MessageId",
                table: "dunning_message_items",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_dunning_messages_CustomerId_Recipient_RunOn",
                table: "dunning_messages",
                columns: new[] { "CustomerId", "Recipient", "RunOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dunning_messages_CustomerId_SentAtUtc",
                table: "dunning_messages",
                columns: new[] { "CustomerId", "SentAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_dunning_messages_LinkHash",
                table: "dunning_messages",
                column: "LinkHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dunning_messages_RunId",
                table: "dunning_messages",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_dunning_policy_versions_Number",
                table: "dunning_policy_versions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dunning_runs_DailyKey",
                table: "dunning_runs",
                column: "DailyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dunning_runs_RunOn",
                table: "dunning_runs",
                column: "RunOn");

            migrationBuilder.CreateIndex(
                name: "IX_payment_plans_CustomerId_Status",
                table: "payment_plans",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_payment_promise_items_EntryId",
                table: "payment_promise_items",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_promises_CustomerId_Status",
                table: "payment_promises",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_payment_promises_PlanId",
                table: "payment_promises",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_promises_Status_PromisedOn",
                table: "payment_promises",
                columns: new[] { "Status", "PromisedOn" });

            // Messages as sent, their items and the collection timeline are append-only (see ADR 0003's triggers).
            migrationBuilder.Sql("CREATE TRIGGER dunning_messages_no_update BEFORE UPDATE ON dunning_messages BEGIN SELECT RAISE(ABORT, 'dunning_messages is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dunning_messages_no_delete BEFORE DELETE ON dunning_messages BEGIN SELECT RAISE(ABORT, 'dunning_messages is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dunning_message_items_no_update BEFORE UPDATE ON dunning_message_items BEGIN SELECT RAISE(ABORT, 'dunning_message_items is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER dunning_message_items_no_delete BEFORE DELETE ON dunning_message_items BEGIN SELECT RAISE(ABORT, 'dunning_message_items is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER collection_activities_no_update BEFORE UPDATE ON collection_activities BEGIN SELECT RAISE(ABORT, 'collection_activities is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER collection_activities_no_delete BEFORE DELETE ON collection_activities BEGIN SELECT RAISE(ABORT, 'collection_activities is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collection_activities");

            migrationBuilder.DropTable(
                name: "collector_rules");

            migrationBuilder.DropTable(
                name: "dunning_message_items");

            migrationBuilder.DropTable(
                name: "dunning_policy_versions");

            migrationBuilder.DropTable(
                name: "payment_promise_items");

            migrationBuilder.DropTable(
                name: "dunning_messages");

            migrationBuilder.DropTable(
                name: "payment_promises");

            migrationBuilder.DropTable(
                name: "dunning_runs");

            migrationBuilder.DropTable(
                name: "payment_plans");
        }
    }
}
