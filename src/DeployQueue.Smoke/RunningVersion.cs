using System.Text.RegularExpressions;

namespace DeployQueue.Smoke;

/// <summary>
/// Whether a version endpoint's body says the target runs a commit (DESIGN.md §8): the body holds the commit's SHA
/// in full, or a prefix of it of at least seven characters as a whole token, in plain text or anywhere inside JSON.
/// Another commit whose SHA shares the first characters never matches: a token longer than the prefix must go on
/// matching the SHA to its own end.
/// </summary>
public static partial class RunningVersion
{
    public const int ShortShaLength = 7;

    public static bool Matches(string body, string sha) =>
        HexTokens().Matches(body).Any(token => sha.StartsWith(token.Value, StringComparison.OrdinalIgnoreCase));

    // Runs of hex digits of a SHA's possible lengths, not part of a longer word ("v4f2c9e1x" holds no token).
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-Fa-f]{7,64}(?![0-9A-Za-z])")]
    private static partial Regex HexTokens();
}
