using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MergeDeadlineAndGrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LaneQueuedAt",
                table: "deploy_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MergeDeadline",
                table: "deploy_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergeGraceToken",
                table: "deploy_states",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LaneQueuedAt",
                table: "deploy_states");

            migrationBuilder.DropColumn(
                name: "MergeDeadline",
                table: "deploy_states");

            migrationBuilder.DropColumn(
                name: "MergeGraceToken",
                table: "deploy_states");
        }
    }
}
