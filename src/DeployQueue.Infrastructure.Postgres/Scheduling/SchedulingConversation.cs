using MassTransit;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// The ids of the conversation a scheduling message belongs to: the scheduled payload is sent in it, as if the
/// scheduler's sender had sent it itself.
/// </summary>
readonly record struct SchedulingConversation(
    Guid? CorrelationId, Guid? ConversationId, Guid? InitiatorId, Uri? SourceAddress, Uri? ResponseAddress, Uri? FaultAddress)
{
    public static SchedulingConversation Of(ConsumeContext scheduling) => new(scheduling.CorrelationId, scheduling.ConversationId,
        scheduling.InitiatorId ?? scheduling.MessageId, scheduling.SourceAddress, scheduling.ResponseAddress, scheduling.FaultAddress);

    public static SchedulingConversation Of(SendContext scheduling) => new(scheduling.CorrelationId, scheduling.ConversationId,
        scheduling.InitiatorId ?? scheduling.MessageId, scheduling.SourceAddress, scheduling.ResponseAddress, scheduling.FaultAddress);

    public T Join<T>(T payload) where T : SendContext
    {
        payload.CorrelationId = CorrelationId;
        payload.ConversationId = ConversationId;
        payload.InitiatorId = InitiatorId;
        payload.SourceAddress = SourceAddress;
        payload.ResponseAddress = ResponseAddress;
        payload.FaultAddress = FaultAddress;
        return payload;
    }
}
