namespace DeployQueue.Simulators.Target;

/// <summary>How the version endpoint writes the running commit SHA: real services do either.</summary>
public enum VersionFormat { Json, PlainText }
