using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Gates the PR (approvals on the current head, no conflict, checks green) and merges it pinned to the
/// gated head SHA. A PR already merged is a success, never a second merge. Nothing is merged after the command's
/// deadline: the saga may have failed the deploy by then, and it holds the lane only for a grace after the deadline.
/// A promotion (a staged target) never merges: it goes on only with the merge commit that passed the prerequisite target,
/// and only if that commit is not older than the one the target runs.
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
            if (command.PromotedSha is { } promotedSha
                && await PromotionRefusal(command, promotedSha, gate, context.CancellationToken) is { } refusal)
            {
                await context.Publish(Blocked(command, MergeBlockReason.NotPromotable, refusal, gate.HeadSha));
                return;
            }
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

            if (targets.Now >= command.Deadline)
            {
                await context.Publish(Blocked(command, MergeBlockReason.DeadlinePassed,
                    $"the merge deadline ({command.Deadline:u}) passed before the merge", gate.HeadSha));
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
                    await context.Publish(Blocked(command, MergeBlockReason.Conflict, outcome.Message, gate.HeadSha));
                    return;
                default:
                    await context.Publish(new MergeFailed(command.DeployId, command.Attempt, outcome.StatusCode, outcome.Message));
                    return;
            }
        }
    }

    /// <summary>
    /// Why the PR may not be promoted to the command's target, or null when it may: it must be merged as
    /// <paramref name="promotedSha"/>, and GitHub must find that SHA ahead of, or identical to, the target's current one.
    /// (The compare is spent only here: a fresh merge is newer than what any target runs.)
    /// </summary>
    async Task<string?> PromotionRefusal(MergePullRequest command, string promotedSha, GateResult gate, CancellationToken cancellationToken)
    {
        var prerequisite = targets[command.Target].RequiresSuccessOn ?? "its prerequisite target";
        if (gate.Verdict != GateVerdict.AlreadyMerged)
            return $"PR #{command.PrNumber} is not merged ({gate.Detail}), yet {promotedSha} succeeded on {prerequisite}: " +
                   $"a promotion deploys that SHA, never a new merge";
        if (gate.MergeSha != promotedSha)
            return $"PR #{command.PrNumber} is merged as {gate.MergeSha}, not as {promotedSha}, the SHA that succeeded on {prerequisite}";
        if (command.CurrentSha is not { } currentSha || currentSha == promotedSha)
            return null;

        var order = await gitHub.Compare(command.Repository, currentSha, promotedSha, cancellationToken);
        var runs = $"{currentSha}, which {command.Target} runs";
        return order switch
        {
            CommitOrder.Ahead or CommitOrder.Identical => null,
            CommitOrder.Behind => $"{promotedSha} is older than {runs} and already contains it: deploying it would revert what came after it",
            CommitOrder.Diverged => $"{promotedSha} has diverged from {runs}: deploying it would drop the commits only {currentSha} has",
            _ => $"GitHub cannot compare {promotedSha} with {runs}, so it may be older",
        };
    }

    static MergeBlocked Blocked(MergePullRequest command, MergeBlockReason reason, string detail, string headSha) => new()
    {
        DeployId = command.DeployId, Attempt = command.Attempt, Reason = reason, Detail = detail, HeadSha = headSha,
    };

    static MergeBlocked Blocked(MergePullRequest command, GateResult gate) => Blocked(command, gate.Verdict switch
    {
        GateVerdict.ApprovalMissing => MergeBlockReason.ApprovalMissing,
        GateVerdict.ChecksPending => MergeBlockReason.ChecksPending,
        GateVerdict.ChecksFailing => MergeBlockReason.ChecksFailing,
        GateVerdict.Conflict => MergeBlockReason.Conflict,
        GateVerdict.Closed => MergeBlockReason.Closed,
        _ => MergeBlockReason.NotMergeable,
    }, gate.Detail, gate.HeadSha) with
    {
        Checks = gate.Checks,
    };
}
