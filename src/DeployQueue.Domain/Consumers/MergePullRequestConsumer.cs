using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Gates the PR (approvals on the current head, no conflict, checks green) and merges it pinned to the
/// gated head SHA. A PR already merged is a success, never a second merge. Nothing is merged after the command's
/// deadline: the saga may have failed the deploy by then, and it holds the lane only for a grace after the deadline.
/// </summary>
public class MergePullRequestConsumer(IPullRequestGateway gitHub, TargetCatalog targets) : IConsumer<MergePullRequest>
{
    // A head that moves between gate and merge is gated again, a bounded number of times.
    const int MaxGateRounds = 2;

    public async Task Consume(ConsumeContext<MergePullRequest> context)
    {
        var command = context.Message;
        var target = targets[command.Target];
        var rules = new GateRules(target.RequiredApprovals, target.Branch, target.AllowNoChecks);

        for (var round = 1; ; round++)
        {
            var gate = await gitHub.EvaluateGate(command.Repository, command.PrNumber, rules, context.CancellationToken);
            switch (gate.Verdict)
            {
                case GateVerdict.AlreadyMerged:
                    await context.Publish(new PullRequestMerged(command.DeployId, command.Attempt, gate.HeadSha, gate.MergeSha!, WasAlreadyMerged: true));
                    return;
                case GateVerdict.Ready:
                    break;
                default:
                    await context.Publish(Blocked(command, gate));
                    return;
            }

            // (No deadline: a command queued by a version before merge deadlines.)
            if (command.Deadline != default && DateTimeOffset.UtcNow >= command.Deadline)
            {
                await context.Publish(new MergeBlocked
                {
                    DeployId = command.DeployId, Attempt = command.Attempt, Reason = MergeBlockReason.DeadlinePassed,
                    Detail = $"the merge deadline ({command.Deadline:u}) passed before the merge", HeadSha = gate.HeadSha,
                });
                return;
            }

            var outcome = await gitHub.Merge(command.Repository, command.PrNumber, gate.HeadSha, command.MergeStrategy,
                command.CommitTitle, context.CancellationToken);
            switch (outcome.Kind)
            {
                case MergeOutcomeKind.Merged or MergeOutcomeKind.AlreadyMerged:
                    await context.Publish(new PullRequestMerged(command.DeployId, command.Attempt, gate.HeadSha, outcome.MergeSha!,
                        outcome.Kind == MergeOutcomeKind.AlreadyMerged));
                    return;
                case MergeOutcomeKind.HeadMoved when round < MaxGateRounds:
                    continue;
                case MergeOutcomeKind.Conflict:
                    await context.Publish(new MergeBlocked
                    {
                        DeployId = command.DeployId, Attempt = command.Attempt, Reason = MergeBlockReason.Conflict, Detail = outcome.Message, HeadSha = gate.HeadSha,
                    });
                    return;
                default:
                    await context.Publish(new MergeFailed(command.DeployId, command.Attempt, outcome.StatusCode, outcome.Message));
                    return;
            }
        }
    }

    static MergeBlocked Blocked(MergePullRequest command, GateResult gate) => new()
    {
        DeployId = command.DeployId,
        Attempt = command.Attempt,
        Reason = gate.Verdict switch
        {
            GateVerdict.ApprovalMissing => MergeBlockReason.ApprovalMissing,
            GateVerdict.ChecksPending => MergeBlockReason.ChecksPending,
            GateVerdict.ChecksFailing => MergeBlockReason.ChecksFailing,
            GateVerdict.Conflict => MergeBlockReason.Conflict,
            _ => MergeBlockReason.NotMergeable,
        },
        Detail = gate.Detail,
        HeadSha = gate.HeadSha,
        Checks = gate.Checks,
    };
}
