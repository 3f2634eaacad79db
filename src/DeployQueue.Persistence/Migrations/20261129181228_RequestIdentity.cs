using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeployQueue.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RequestIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "RequestMessageId",
                table: "deploy_states",
                newName: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "RequestId",
                table: "deploy_states",
                newName: "RequestMessageId");
        }
    }
}
