using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LaneMonitors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_monitor_states_Repository_Target",
                table: "monitor_states",
                columns: new[] { "Repository", "Target" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monitor_states");
        }
    }
}
