namespace DeployQueue.Domain.Policies;

/// <summary>How sure a classification is: a cause seen clearly, only symptoms or a close call, or no sign at all.</summary>
public enum ClassificationConfidence
{
    /// <summary>No line of the log matched a known sign: the kind is the stage's default, a guess.</summary>
    Low,

    /// <summary>Only symptoms matched, or another kind scored close.</summary>
    Medium,

    /// <summary>A cause matched and no other kind came close.</summary>
    High,
}
