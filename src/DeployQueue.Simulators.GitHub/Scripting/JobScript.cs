namespace DeployQueue.Simulators.GitHub.Scripting;

/// <summary>One job of a scripted workflow run. When <see cref="FailingStep"/> is set the run fails there, and
/// <see cref="Log"/> is what GitHub answers for the job's logs.</summary>
public sealed record JobScript(string Name, IReadOnlyList<string> Steps, string? FailingStep = null, string? Log = null)
{
    public bool Fails => FailingStep is not null;
}
