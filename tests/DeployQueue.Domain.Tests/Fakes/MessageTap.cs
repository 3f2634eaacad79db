using System.Collections.Concurrent;
using MassTransit;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>
/// A tap on every delivery of the bus. It loses chosen messages, as an endpoint that ran out of retries (its message
/// parked in an error queue) would: each test says which messages, and how many of them. And it records the
/// deliveries of chosen message types, for tests to read without the wait of the harness's lists (they wait for the
/// bus to go quiet, which it does not while deploys re-check).
/// </summary>
public sealed class MessageTap : IFilter<ConsumeContext>
{
    readonly ConcurrentQueue<Loss> _losses = new();
    readonly ConcurrentQueue<object> _lost = new();
    readonly ConcurrentDictionary<Type, Func<ConsumeContext, object?>> _recorded = new();
    readonly ConcurrentQueue<object> _delivered = new();

    /// <summary>The next <paramref name="count"/> deliveries of a message matching <paramref name="which"/> are lost.</summary>
    public void Drop<T>(Func<T, bool> which, int count = 1) where T : class =>
        _losses.Enqueue(new Loss(context => MessageOf<T>(context) is { } message && which(message) ? message : null, count));

    /// <summary>The messages lost so far.</summary>
    public IReadOnlyList<T> Lost<T>() where T : class => _lost.OfType<T>().ToList();

    /// <summary>From now on, deliveries of <typeparamref name="T"/> are recorded.</summary>
    public void Record<T>() where T : class => _recorded.TryAdd(typeof(T), MessageOf<T>);

    /// <summary>The recorded deliveries so far that match <paramref name="filter"/>.</summary>
    public IReadOnlyList<T> Delivered<T>(Func<T, bool> filter) where T : class => _delivered.OfType<T>().Where(filter).ToList();

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        foreach (var loss in _losses)
            if (loss.MessageOf(context) is { } message && loss.Take())
            {
                _lost.Enqueue(message);
                return Task.CompletedTask;
            }

        foreach (var messageOf in _recorded.Values)
            if (messageOf(context) is { } message)
                _delivered.Enqueue(message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageTap");

    static T? MessageOf<T>(ConsumeContext context) where T : class =>
        context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    sealed class Loss(Func<ConsumeContext, object?> messageOf, int count)
    {
        int _remaining = count;

        /// <summary>The message, if this loss is about it.</summary>
        public object? MessageOf(ConsumeContext context) => messageOf(context);

        public bool Take() => Interlocked.Decrement(ref _remaining) >= 0;
    }
}
