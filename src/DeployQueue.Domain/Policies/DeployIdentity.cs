using System.Security.Cryptography;
using System.Text;
using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// Deterministic saga ids, so every event about a PR and target finds the same deploy instance,
/// and every deploy of a (repository, target) finds the same lane, on any instance of the service.
/// </summary>
public static class DeployIdentity
{
    public static Guid DeployId(string repository, int prNumber, string target) =>
        NameBasedGuid($"deploy:{repository.ToLowerInvariant()}#{prNumber}@{target.ToLowerInvariant()}");

    public static Guid LaneId(string repository, string target) =>
        NameBasedGuid($"lane:{repository.ToLowerInvariant()}@{target.ToLowerInvariant()}");

    /// <summary>
    /// A request's identity, the same each time it comes again (a redelivery, or a publisher's retry without a
    /// message id) and new for a deliberate new request: its task id; without one, its commit-build task with the
    /// repository, PR and target; without either, the message's id; without any, the body's hash.
    /// </summary>
    public static Guid RequestId(DeployRequested request, Guid? messageId, ReadOnlySpan<byte> body) => NameBasedGuid(
        request.TaskId is { Length: > 0 } taskId ? $"request:task:{taskId}"
        : request.CommitBuildTaskId is { Length: > 0 } buildTaskId
            ? $"request:build:{buildTaskId}:{request.Repository.ToLowerInvariant()}#{request.PrNumber}@{request.Target.ToLowerInvariant()}"
        : messageId is { } id ? $"request:message:{id}"
        : $"request:body:{Convert.ToHexString(SHA256.HashData(body))}");

    // An RFC 4122 version-5 style id: SHA-1 of the name, version and variant bits set.
    static Guid NameBasedGuid(string name)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
