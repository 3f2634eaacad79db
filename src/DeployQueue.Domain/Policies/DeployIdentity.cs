using System.Security.Cryptography;
using System.Text;

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
