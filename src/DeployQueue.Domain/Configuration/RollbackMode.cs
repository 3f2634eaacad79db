namespace DeployQueue.Domain.Configuration;

/// <summary>
/// How a target that rolls back (RollbackOnCriticalFailure) is rolled back. Request: publish RollbackRequested for the
/// pipeline's executor. Automatic (Trigger: Deployment targets): the queue creates a GitHub Deployment of the last known
/// good SHA itself. Either way the queue then watches the version endpoint until the target serves that SHA.
/// </summary>
public enum RollbackMode { Request, Automatic }
