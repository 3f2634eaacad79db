namespace DeployQueue.Domain.Ports;

public enum SmokeCheckKind { Health, Api, Latency, Version }
