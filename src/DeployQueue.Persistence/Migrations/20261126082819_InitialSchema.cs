using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deploy_states",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "text", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    PastAttempts = table.Column<string>(type: "jsonb", nullable: false),
                    TaskId = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    PrNumber = table.Column<int>(type: "integer", nullable: false),
                    PrUrl = table.Column<string>(type: "text", nullable: false),
                    Branch = table.Column<string>(type: "text", nullable: false),
                    FeatureName = table.Column<string>(type: "text", nullable: true),
                    Target = table.Column<string>(type: "text", nullable: false),
                    CommitBuildTaskId = table.Column<string>(type: "text", nullable: true),
                    Priority = table.Column<string>(type: "text", nullable: false),
                    MergeStrategy = table.Column<string>(type: "text", nullable: false),
                    PromotedSha = table.Column<string>(type: "text", nullable: true),
                    LaneId = table.Column<Guid>(type: "uuid", nullable: false),
                    LaneTicket = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastKnownGoodSha = table.Column<string>(type: "text", nullable: true),
                    HeadSha = table.Column<string>(type: "text", nullable: true),
                    MergeSha = table.Column<string>(type: "text", nullable: true),
                    RunUrl = table.Column<string>(type: "text", nullable: true),
                    Stage = table.Column<string>(type: "text", nullable: true),
                    WaitingFor = table.Column<string>(type: "text", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: true),
                    ApprovalAnnounced = table.Column<bool>(type: "boolean", nullable: false),
                    FixTaskIds = table.Column<string>(type: "jsonb", nullable: false),
                    AttemptStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergeTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    DeployTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    SmokeTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    GateRecheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    DeploymentRecheckToken = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deploy_states", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "deploy_transitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    DeployId = table.Column<Guid>(type: "uuid", nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    PrNumber = table.Column<int>(type: "integer", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    FromState = table.Column<string>(type: "text", nullable: false),
                    ToState = table.Column<string>(type: "text", nullable: false),
                    Cause = table.Column<string>(type: "text", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deploy_transitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lane_states",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "text", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    Holder = table.Column<string>(type: "jsonb", nullable: true),
                    Waiting = table.Column<string>(type: "jsonb", nullable: false),
                    LastKnownGoodSha = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lane_states", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "scheduled_messages",
                columns: table => new
                {
                    TokenId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Destination = table.Column<string>(type: "text", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: false),
                    MessageTypes = table.Column<string[]>(type: "text[]", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Headers = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scheduled_messages", x => x.TokenId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deploy_states_Repository_PrNumber_Target",
                table: "deploy_states",
                columns: new[] { "Repository", "PrNumber", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_deploy_states_Target",
                table: "deploy_states",
                column: "Target");

            migrationBuilder.CreateIndex(
                name: "IX_deploy_transitions_DeployId",
                table: "deploy_transitions",
                column: "DeployId");

            migrationBuilder.CreateIndex(
                name: "IX_deploy_transitions_Repository_PrNumber_Target",
                table: "deploy_transitions",
                columns: new[] { "Repository", "PrNumber", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_deploy_transitions_Target_Id",
                table: "deploy_transitions",
                columns: new[] { "Target", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_lane_states_Repository_Target",
                table: "lane_states",
                columns: new[] { "Repository", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_messages_DueAt",
                table: "scheduled_messages",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deploy_states");

            migrationBuilder.DropTable(
                name: "deploy_transitions");

            migrationBuilder.DropTable(
                name: "lane_states");

            migrationBuilder.DropTable(
                name: "scheduled_messages");
        }
    }
}
