using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SmokeRecheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SmokeDeadline",
                table: "deploy_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SmokeRecheckToken",
                table: "deploy_states",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SmokeRechecks",
                table: "deploy_states",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SmokeDeadline",
                table: "deploy_states");

            migrationBuilder.DropColumn(
                name: "SmokeRecheckToken",
                table: "deploy_states");

            migrationBuilder.DropColumn(
                name: "SmokeRechecks",
                table: "deploy_states");
        }
    }
}
