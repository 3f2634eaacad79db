using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Persistence.Tests.TestStateMachines;

/// <summary>
/// A tiny state machine over the real <see cref="DeployState"/>, to drive the repository, the scheduler and the
/// history through a real bus independently of the domain's machine. <see cref="DeployState.Attempt"/> counts
/// the messages that changed the instance (starts, bumps, fan-outs), so a lost update shows as a short count.
/// A fan-out publishes echoes and schedules the timeout: what the outbox must send exactly once.
/// </summary>
public class DeployProbeStateMachine : MassTransitStateMachine<DeployState>
{
    const string SimulatedDeliveryFailure = "MT-Fail-Delivery";

    public DeployProbeStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Started, x => x.CorrelateById(m => m.Message.DeployId));
        Event(() => Bumped, x => x.CorrelateById(m => m.Message.DeployId));
        Event(() => Advanced, x => x.CorrelateById(m => m.Message.DeployId));
        Event(() => TimeoutArmed, x => x.CorrelateById(m => m.Message.DeployId));
        Event(() => TimeoutDisarmed, x => x.CorrelateById(m => m.Message.DeployId));
        Event(() => FannedOut, x => x.CorrelateById(m => m.Message.DeployId));
        Schedule(() => Timeout, x => x.MergeTimeoutToken, s =>
        {
            s.Delay = TimeSpan.FromMinutes(1);
            s.Received = r => r.CorrelateById(m => m.Message.DeployId);
        });

        Initially(When(Started)
            .Then(x =>
            {
                x.Saga.Repository = x.Message.Repository;
                x.Saga.PrNumber = x.Message.PrNumber;
                x.Saga.Target = x.Message.Target;
                x.Saga.Attempt.Number = 1;
                x.Saga.Attempt.StartedAt = DateTimeOffset.UtcNow;
            })
            .TransitionTo(Claimed));

        During(Claimed, When(Advanced).TransitionTo(Merging));
        During(Merging, When(Advanced).TransitionTo(Deploying));
        During(Deploying, When(Advanced).TransitionTo(Succeeded));

        DuringAny(
            When(Started).Then(x => x.Saga.Attempt.Number++),
            When(Bumped).Then(x => x.Saga.Attempt.Number++),
            When(TimeoutArmed).Schedule(Timeout, x => new ProbeTimedOut(x.Saga.CorrelationId), x => x.Message.Delay),
            When(TimeoutDisarmed).Unschedule(Timeout),
            When(FannedOut)
                .Then(x => x.Saga.Attempt.Number++)
                .ThenAsync(async x =>
                {
                    for (var i = 0; i < x.Message.Echoes; i++)
                    {
                        var failDelivery = i == 0 && x.Message.FailFirstDelivery;
                        await x.Publish(new ProbeEcho(x.Saga.CorrelationId, i), c => c.Headers.Set(SimulatedDeliveryFailure, failDelivery));
                    }
                })
                .Schedule(Timeout, x => new ProbeTimedOut(x.Saga.CorrelationId), x => x.Message.TimeoutDelay),
            When(Timeout.Received).TransitionTo(TimedOut));
    }

    public State Claimed { get; private set; } = null!;
    public State Merging { get; private set; } = null!;
    public State Deploying { get; private set; } = null!;
    public State Succeeded { get; private set; } = null!;
    public State TimedOut { get; private set; } = null!;

    public Event<ProbeStarted> Started { get; private set; } = null!;
    public Event<ProbeBumped> Bumped { get; private set; } = null!;
    public Event<ProbeAdvanced> Advanced { get; private set; } = null!;
    public Event<ProbeTimeoutArmed> TimeoutArmed { get; private set; } = null!;
    public Event<ProbeTimeoutDisarmed> TimeoutDisarmed { get; private set; } = null!;
    public Event<ProbeFannedOut> FannedOut { get; private set; } = null!;
    public Schedule<DeployState, ProbeTimedOut> Timeout { get; private set; } = null!;
}
