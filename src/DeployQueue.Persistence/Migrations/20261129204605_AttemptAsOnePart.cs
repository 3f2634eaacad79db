using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AttemptAsOnePart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "WaitingFor",
                table: "deploy_states",
                newName: "Attempt_WaitingFor");

            migrationBuilder.RenameColumn(
                name: "Title",
                table: "deploy_states",
                newName: "Attempt_Title");

            migrationBuilder.RenameColumn(
                name: "TaskId",
                table: "deploy_states",
                newName: "Attempt_TaskId");

            migrationBuilder.RenameColumn(
                name: "Stage",
                table: "deploy_states",
                newName: "Attempt_Stage");

            migrationBuilder.RenameColumn(
                name: "SmokeRechecks",
                table: "deploy_states",
                newName: "Attempt_SmokeRechecks");

            migrationBuilder.RenameColumn(
                name: "SmokeDeadline",
                table: "deploy_states",
                newName: "Attempt_SmokeDeadline");

            migrationBuilder.RenameColumn(
                name: "RunUrl",
                table: "deploy_states",
                newName: "Attempt_RunUrl");

            migrationBuilder.RenameColumn(
                name: "RequestId",
                table: "deploy_states",
                newName: "Attempt_RequestId");

            migrationBuilder.RenameColumn(
                name: "PromotedSha",
                table: "deploy_states",
                newName: "Attempt_PromotedSha");

            migrationBuilder.RenameColumn(
                name: "Priority",
                table: "deploy_states",
                newName: "Attempt_Priority");

            migrationBuilder.RenameColumn(
                name: "PrUrl",
                table: "deploy_states",
                newName: "Attempt_PrUrl");

            migrationBuilder.RenameColumn(
                name: "Outcome",
                table: "deploy_states",
                newName: "Attempt_Outcome");

            migrationBuilder.RenameColumn(
                name: "MergeStrategy",
                table: "deploy_states",
                newName: "Attempt_MergeStrategy");

            migrationBuilder.RenameColumn(
                name: "MergeSha",
                table: "deploy_states",
                newName: "Attempt_MergeSha");

            migrationBuilder.RenameColumn(
                name: "MergeDeadline",
                table: "deploy_states",
                newName: "Attempt_MergeDeadline");

            migrationBuilder.RenameColumn(
                name: "LastKnownGoodSha",
                table: "deploy_states",
                newName: "Attempt_LastKnownGoodSha");

            migrationBuilder.RenameColumn(
                name: "HeadSha",
                table: "deploy_states",
                newName: "Attempt_HeadSha");

            migrationBuilder.RenameColumn(
                name: "FixTaskIds",
                table: "deploy_states",
                newName: "Attempt_FixTaskIds");

            migrationBuilder.RenameColumn(
                name: "FinishedAt",
                table: "deploy_states",
                newName: "Attempt_FinishedAt");

            migrationBuilder.RenameColumn(
                name: "FeatureName",
                table: "deploy_states",
                newName: "Attempt_FeatureName");

            migrationBuilder.RenameColumn(
                name: "CommitBuildTaskId",
                table: "deploy_states",
                newName: "Attempt_CommitBuildTaskId");

            migrationBuilder.RenameColumn(
                name: "Branch",
                table: "deploy_states",
                newName: "Attempt_Branch");

            migrationBuilder.RenameColumn(
                name: "ApprovalAnnounced",
                table: "deploy_states",
                newName: "Attempt_ApprovalAnnounced");

            migrationBuilder.RenameColumn(
                name: "AttemptStartedAt",
                table: "deploy_states",
                newName: "Attempt_StartedAt");

            migrationBuilder.RenameColumn(
                name: "Attempt",
                table: "deploy_states",
                newName: "Attempt_Number");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LaneKeptUntil",
                table: "deploy_states",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LaneKeptUntil",
                table: "deploy_states");

            migrationBuilder.RenameColumn(
                name: "Attempt_WaitingFor",
                table: "deploy_states",
                newName: "WaitingFor");

            migrationBuilder.RenameColumn(
                name: "Attempt_Title",
                table: "deploy_states",
                newName: "Title");

            migrationBuilder.RenameColumn(
                name: "Attempt_TaskId",
                table: "deploy_states",
                newName: "TaskId");

            migrationBuilder.RenameColumn(
                name: "Attempt_Stage",
                table: "deploy_states",
                newName: "Stage");

            migrationBuilder.RenameColumn(
                name: "Attempt_SmokeRechecks",
                table: "deploy_states",
                newName: "SmokeRechecks");

            migrationBuilder.RenameColumn(
                name: "Attempt_SmokeDeadline",
                table: "deploy_states",
                newName: "SmokeDeadline");

            migrationBuilder.RenameColumn(
                name: "Attempt_RunUrl",
                table: "deploy_states",
                newName: "RunUrl");

            migrationBuilder.RenameColumn(
                name: "Attempt_RequestId",
                table: "deploy_states",
                newName: "RequestId");

            migrationBuilder.RenameColumn(
                name: "Attempt_PromotedSha",
                table: "deploy_states",
                newName: "PromotedSha");

            migrationBuilder.RenameColumn(
                name: "Attempt_Priority",
                table: "deploy_states",
                newName: "Priority");

            migrationBuilder.RenameColumn(
                name: "Attempt_PrUrl",
                table: "deploy_states",
                newName: "PrUrl");

            migrationBuilder.RenameColumn(
                name: "Attempt_Outcome",
                table: "deploy_states",
                newName: "Outcome");

            migrationBuilder.RenameColumn(
                name: "Attempt_MergeStrategy",
                table: "deploy_states",
                newName: "MergeStrategy");

            migrationBuilder.RenameColumn(
                name: "Attempt_MergeSha",
                table: "deploy_states",
                newName: "MergeSha");

            migrationBuilder.RenameColumn(
                name: "Attempt_MergeDeadline",
                table: "deploy_states",
                newName: "MergeDeadline");

            migrationBuilder.RenameColumn(
                name: "Attempt_LastKnownGoodSha",
                table: "deploy_states",
                newName: "LastKnownGoodSha");

            migrationBuilder.RenameColumn(
                name: "Attempt_HeadSha",
                table: "deploy_states",
                newName: "HeadSha");

            migrationBuilder.RenameColumn(
                name: "Attempt_FixTaskIds",
                table: "deploy_states",
                newName: "FixTaskIds");

            migrationBuilder.RenameColumn(
                name: "Attempt_FinishedAt",
                table: "deploy_states",
                newName: "FinishedAt");

            migrationBuilder.RenameColumn(
                name: "Attempt_FeatureName",
                table: "deploy_states",
                newName: "FeatureName");

            migrationBuilder.RenameColumn(
                name: "Attempt_CommitBuildTaskId",
                table: "deploy_states",
                newName: "CommitBuildTaskId");

            migrationBuilder.RenameColumn(
                name: "Attempt_Branch",
                table: "deploy_states",
                newName: "Branch");

            migrationBuilder.RenameColumn(
                name: "Attempt_ApprovalAnnounced",
                table: "deploy_states",
                newName: "ApprovalAnnounced");

            migrationBuilder.RenameColumn(
                name: "Attempt_StartedAt",
                table: "deploy_states",
                newName: "AttemptStartedAt");

            migrationBuilder.RenameColumn(
                name: "Attempt_Number",
                table: "deploy_states",
                newName: "Attempt");
        }
    }
}
