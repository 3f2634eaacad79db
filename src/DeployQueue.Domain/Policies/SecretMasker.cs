using System.Text.RegularExpressions;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// Secrets masked in log lines before they travel in a fix task: GitHub tokens, bearer/basic credentials, key=value and
/// JSON "key": "value" secrets (passwords, tokens, API keys, client secrets, private keys and their ids), credentials in
/// URLs, AWS keys, JWTs, and private keys with every line of their PEM block (also when a JSON string holds it).
/// </summary>
public static partial class SecretMasker
{
    public const string Mask = "***";

    public static IEnumerable<string> MaskLines(IEnumerable<string> lines) => MaskPrivateKeyBlocks(lines.Select(MaskLine));

    /// <summary>A private key's body lines carry no marker of their own: everything from its BEGIN line through its END line is masked.</summary>
    static IEnumerable<string> MaskPrivateKeyBlocks(IEnumerable<string> lines)
    {
        var insideKey = false;
        foreach (var line in lines)
        {
            if (PrivateKeyBegin().Match(line) is { Success: true } begin)
            {
                insideKey = !PrivateKeyEnd().IsMatch(line[begin.Index..]);
                yield return line[..begin.Index] + Mask;
            }
            else if (insideKey)
            {
                insideKey = !PrivateKeyEnd().IsMatch(line);
                yield return Mask;
            }
            else
                yield return line;
        }
    }

    static string MaskLine(string line)
    {
        line = GitHubToken().Replace(line, Mask);
        line = AuthorizationValue().Replace(line, m => m.Groups[1].Value + Mask);
        line = UrlCredentials().Replace(line, m => m.Groups[1].Value + Mask + "@");
        line = KeyValueSecret().Replace(line, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        line = AwsAccessKey().Replace(line, Mask);
        return Jwt().Replace(line, Mask);
    }

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?i)(authorization:\s*(?:bearer|token|basic)\s+)\S+")]
    private static partial Regex AuthorizationValue();

    // Each pattern starts where its first word can start: tried inside a long word, it would cost time squared in the word's length.
    [GeneratedRegex(@"(?<!\w)(\w+://[^\s:/@]+:)[^\s@/]+@")]
    private static partial Regex UrlCredentials();

    // A value that is itself a PEM header is left to the block masking, which also masks the lines after it.
    [GeneratedRegex(
        @"(?i)(?<![\w.-])([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|private[_-]?key(?:[_-]?id)?|" +
        @"account[_-]?key|credentials?))(""?\s*[:=]\s*""?)(?!\*\*\*|-----BEGIN)[^\s""';,&]+")]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyBegin();

    [GeneratedRegex(@"-----END [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyEnd();
}
