using System.Collections.Concurrent;
using MassTransit;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>
/// Loses chosen messages on delivery, as an endpoint that ran out of retries (its message parked in an error queue)
/// would: each test says which messages, and how many of them, are lost.
/// </summary>
public sealed class MessageLoss : IFilter<ConsumeContext>
{
    readonly ConcurrentQueue<Loss> _losses = new();
    readonly ConcurrentQueue<object> _lost = new();

    /// <summary>The next <paramref name="count"/> deliveries of a message matching <paramref name="which"/> are lost.</summary>
    public void Drop<T>(Func<T, bool> which, int count = 1) where T : class =>
        _losses.Enqueue(new Loss(context => context.TryGetMessage<T>(out var typed) && which(typed.Message) ? typed.Message : null, count));

    /// <summary>The messages lost so far.</summary>
    public IReadOnlyList<T> Lost<T>() where T : class => _lost.OfType<T>().ToList();

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        foreach (var loss in _losses)
            if (loss.MessageOf(context) is { } message && loss.Take())
            {
                _lost.Enqueue(message);
                return Task.CompletedTask;
            }
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageLoss");

    sealed class Loss(Func<ConsumeContext, object?> messageOf, int count)
    {
        int _remaining = count;

        /// <summary>The message, if this loss is about it.</summary>
        public object? MessageOf(ConsumeContext context) => messageOf(context);

        public bool Take() => Interlocked.Decrement(ref _remaining) >= 0;
    }
}
