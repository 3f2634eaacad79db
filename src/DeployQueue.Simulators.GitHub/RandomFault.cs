namespace DeployQueue.Simulators.GitHub;

/// <summary>The faults GitHub is seen to answer with on a bad hour, which <see cref="SimulatedFaults.Rate"/> draws from.</summary>
public enum RandomFault
{
    /// <summary>502 Bad Gateway from GitHub's edge.</summary>
    BadGateway,

    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>No answer: the request is held until the client gives up (or <see cref="SimulatedFaults.TimeoutHold"/> passes).</summary>
    Timeout,

    /// <summary>429 with Retry-After: a secondary rate limit.</summary>
    TooManyRequests,

    /// <summary>403 with Retry-After and GitHub's secondary rate limit message.</summary>
    SecondaryRateLimit,

    /// <summary>The connection is reset before any answer.</summary>
    ConnectionReset,
}
