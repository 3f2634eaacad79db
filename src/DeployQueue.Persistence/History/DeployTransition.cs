namespace DeployQueue.Persistence.History;

/// <summary>One transition of one deploy saga: the audit trail, and what <c>deployq status</c> shows.</summary>
public class DeployTransition
{
    /// <summary>Increases with every transition written: the order of the history.</summary>
    public long Id { get; set; }
    public Guid DeployId { get; set; }
    public string Repository { get; set; } = "";
    public int PrNumber { get; set; }
    public string Target { get; set; } = "";
    public int Attempt { get; set; }
    public string FromState { get; set; } = "";
    public string ToState { get; set; } = "";
    /// <summary>The name of the event that caused the transition.</summary>
    public string Cause { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
}
