namespace DeployQueue.GitHub;

/// <summary>"owner/name", split for Octokit.</summary>
internal readonly record struct RepositoryName(string Owner, string Name)
{
    public static RepositoryName Parse(string repository)
    {
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new ArgumentException($"Repository '{repository}' is not of the form owner/name.", nameof(repository));
        return new RepositoryName(parts[0], parts[1]);
    }

    public override string ToString() => $"{Owner}/{Name}";
}
