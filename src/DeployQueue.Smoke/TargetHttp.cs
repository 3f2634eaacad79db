using System.Diagnostics;
using System.Net.Sockets;

namespace DeployQueue.Smoke;

/// <summary>One request to a target, bounded: what came back, or why nothing did. A refused, dropped or timed-out request is
/// an <see cref="HttpExchange"/> without an answer, never an exception.</summary>
sealed class TargetHttp(HttpClient http, TimeSpan requestTimeout)
{
    public async Task<HttpExchange> Send(string method, string baseUrl, string path, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl.TrimEnd('/') + "/" + path.TrimStart('/'));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return HttpExchange.Answer((int)response.StatusCode, body, ElapsedMs(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpExchange.TimeOut(requestTimeout, ElapsedMs(started));
        }
        catch (HttpRequestException failure)
        {
            return HttpExchange.NoAnswer(WhyNoAnswer(failure), ElapsedMs(started));
        }
    }

    static string WhyNoAnswer(HttpRequestException failure) => failure.HttpRequestError switch
    {
        HttpRequestError.ConnectionError
            when failure.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        HttpRequestError.ConnectionError => $"could not connect: {failure.Message}",
        HttpRequestError.NameResolutionError => $"host not found: {failure.Message}",
        // A dropped connection (the process died mid-request) shows as a premature end or as a reset.
        _ when failure.HttpRequestError == HttpRequestError.ResponseEnded || failure.InnerException is IOException => "connection closed before an answer",
        _ => $"request failed: {failure.Message}",
    };

    static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
