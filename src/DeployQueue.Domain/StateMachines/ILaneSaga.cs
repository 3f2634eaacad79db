namespace DeployQueue.Domain.StateMachines;

/// <summary>A saga instance of one lane's (repository, target): what the views filter on.</summary>
public interface ILaneSaga
{
    string Repository { get; }
    string Target { get; }
}
