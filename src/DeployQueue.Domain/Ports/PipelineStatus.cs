namespace DeployQueue.Domain.Ports;

public enum PipelineStatus { NotStarted, Running, Succeeded, Failed }
