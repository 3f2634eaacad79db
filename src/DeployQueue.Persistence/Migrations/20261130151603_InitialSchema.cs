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
                    StateEnteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    PrNumber = table.Column<int>(type: "integer", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    LaneId = table.Column<Guid>(type: "uuid", nullable: false),
                    PastAttempts = table.Column<string>(type: "jsonb", nullable: false),
                    LaneTicket = table.Column<Guid>(type: "uuid", nullable: true),
                    LaneQueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LaneKeptUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergeTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    DeployTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    SmokeTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    GateRecheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    DeploymentRecheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    LaneRecheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    SmokeRecheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    MergeGraceToken = table.Column<Guid>(type: "uuid", nullable: true),
                    AttemptStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, computedColumnSql: "\"Attempt_StartedAt\"", stored: true),
                    Attempt_ApprovalAnnounced = table.Column<bool>(type: "boolean", nullable: false),
                    Attempt_Branch = table.Column<string>(type: "text", nullable: false),
                    Attempt_Canary = table.Column<string>(type: "jsonb", nullable: true),
                    Attempt_CanaryJudged = table.Column<bool>(type: "boolean", nullable: false),
                    Attempt_CommitBuildTaskId = table.Column<string>(type: "text", nullable: true),
                    Attempt_FeatureName = table.Column<string>(type: "text", nullable: true),
                    Attempt_FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempt_FixTasks = table.Column<string>(type: "jsonb", nullable: false),
                    Attempt_GateBlockedBy = table.Column<string>(type: "text", nullable: true),
                    Attempt_HeadSha = table.Column<string>(type: "text", nullable: true),
                    Attempt_LastKnownGoodSha = table.Column<string>(type: "text", nullable: true),
                    Attempt_LookAgainWhenAnswered = table.Column<bool>(type: "boolean", nullable: false),
                    Attempt_LookOutstanding = table.Column<bool>(type: "boolean", nullable: false),
                    Attempt_MergeDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempt_MergeSha = table.Column<string>(type: "text", nullable: true),
                    Attempt_MergeStrategy = table.Column<string>(type: "text", nullable: false),
                    Attempt_Number = table.Column<int>(type: "integer", nullable: false),
                    Attempt_Outcome = table.Column<string>(type: "text", nullable: true),
                    Attempt_PrUrl = table.Column<string>(type: "text", nullable: false),
                    Attempt_Priority = table.Column<string>(type: "text", nullable: false),
                    Attempt_PromotedSha = table.Column<string>(type: "text", nullable: true),
                    Attempt_RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Attempt_RunUrl = table.Column<string>(type: "text", nullable: true),
                    Attempt_SmokeDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempt_SmokeRechecks = table.Column<int>(type: "integer", nullable: false),
                    Attempt_Stage = table.Column<string>(type: "text", nullable: true),
                    Attempt_StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempt_TaskId = table.Column<string>(type: "text", nullable: false),
                    Attempt_Title = table.Column<string>(type: "text", nullable: false),
                    Attempt_WaitingFor = table.Column<string>(type: "text", nullable: true)
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
                name: "inbox_states",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_states", x => new { x.MessageId, x.ConsumerId });
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
                    Lock = table.Column<string>(type: "jsonb", nullable: true),
                    LastKnownGoodSha = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lane_states", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "monitor_states",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "text", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    Repository = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    Watch = table.Column<int>(type: "integer", nullable: false),
                    Canary = table.Column<string>(type: "jsonb", nullable: true),
                    PreviewUrl = table.Column<string>(type: "text", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WindowEndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Samples = table.Column<int>(type: "integer", nullable: false),
                    LastJudgedSample = table.Column<int>(type: "integer", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    ConsecutiveInconclusive = table.Column<int>(type: "integer", nullable: false),
                    FailingSamples = table.Column<string>(type: "jsonb", nullable: false),
                    Figures = table.Column<string>(type: "jsonb", nullable: false),
                    FixTaskIds = table.Column<string>(type: "jsonb", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RollbackTicket = table.Column<Guid>(type: "uuid", nullable: true),
                    RollbackReason = table.Column<string>(type: "text", nullable: true),
                    RollbackDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IntervalToken = table.Column<Guid>(type: "uuid", nullable: true),
                    WindowToken = table.Column<Guid>(type: "uuid", nullable: true),
                    RollbackCheckToken = table.Column<Guid>(type: "uuid", nullable: true),
                    RollbackTimeoutToken = table.Column<Guid>(type: "uuid", nullable: true),
                    Release_Attempt = table.Column<int>(type: "integer", nullable: false),
                    Release_Branch = table.Column<string>(type: "text", nullable: false),
                    Release_CommitBuildTaskId = table.Column<string>(type: "text", nullable: true),
                    Release_DeployId = table.Column<Guid>(type: "uuid", nullable: false),
                    Release_DeployTaskId = table.Column<string>(type: "text", nullable: false),
                    Release_MergeSha = table.Column<string>(type: "text", nullable: false),
                    Release_PrNumber = table.Column<int>(type: "integer", nullable: false),
                    Release_PrUrl = table.Column<string>(type: "text", nullable: false),
                    Release_PreviousGoodSha = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitor_states", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    SequenceNumber = table.Column<long>(type: "bigint", nullable: false),
                    InboxMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    InboxConsumerId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: false),
                    MessageType = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Headers = table.Column<string>(type: "jsonb", nullable: true),
                    Properties = table.Column<string>(type: "jsonb", nullable: true),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: true),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: true),
                    InitiatorId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    SourceAddress = table.Column<string>(type: "text", nullable: true),
                    DestinationAddress = table.Column<string>(type: "text", nullable: true),
                    ResponseAddress = table.Column<string>(type: "text", nullable: true),
                    FaultAddress = table.Column<string>(type: "text", nullable: true),
                    SentTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpirationTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => new { x.InboxMessageId, x.InboxConsumerId, x.SequenceNumber });
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

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    DeliveryId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Event = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.DeliveryId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deploy_states_AttemptStartedAt_CorrelationId",
                table: "deploy_states",
                columns: new[] { "AttemptStartedAt", "CorrelationId" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "IX_deploy_states_CurrentState",
                table: "deploy_states",
                column: "CurrentState");

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
                name: "IX_inbox_states_ConsumedAt",
                table: "inbox_states",
                column: "ConsumedAt");

            migrationBuilder.CreateIndex(
                name: "IX_lane_states_Repository_Target",
                table: "lane_states",
                columns: new[] { "Repository", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_monitor_states_Repository_Target",
                table: "monitor_states",
                columns: new[] { "Repository", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_CreatedAt",
                table: "outbox_messages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_messages_DueAt",
                table: "scheduled_messages",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_ReceivedAt",
                table: "webhook_deliveries",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deploy_states");

            migrationBuilder.DropTable(
                name: "deploy_transitions");

            migrationBuilder.DropTable(
                name: "inbox_states");

            migrationBuilder.DropTable(
                name: "lane_states");

            migrationBuilder.DropTable(
                name: "monitor_states");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "scheduled_messages");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");
        }
    }
}
