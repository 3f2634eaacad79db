using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Intake;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Service.Status;

/// <summary>
/// `POST /api/deploys`: the body read and checked as queue `deploy` reads and checks it (<see cref="DeployRequestReader"/>,
/// <see cref="DeployRequestValidator"/>), then published as the <c>DeployRequested</c> the queue takes; what the queue
/// decides later (a staged target's prerequisite) is announced as for any request.
/// </summary>
public sealed class DeployIntake(TargetCatalog targets, IPublishEndpoint publish)
{
    public async Task<IResult> Request(HttpRequest http, CancellationToken cancellationToken)
    {
        // Read one byte past the limit at most: the reader refuses a body that long, naming the limit.
        using var body = new MemoryStream();
        var buffer = new byte[DeployRequestReader.MaxBodyBytes + 1];
        int read;
        while (body.Length <= DeployRequestReader.MaxBodyBytes && (read = await http.Body.ReadAsync(buffer, cancellationToken)) > 0)
            body.Write(buffer, 0, (int)Math.Min(read, DeployRequestReader.MaxBodyBytes + 1 - body.Length));

        var reading = DeployRequestReader.Read(body.ToArray());
        var errors = reading.IsReadable ? DeployRequestValidator.Validate(reading.Request, targets) : reading.Problems;
        if (errors.Count > 0)
            return Results.BadRequest(new { errors });

        var request = reading.Request;
        await publish.Publish(request, cancellationToken);
        var deployId = DeployIdentity.DeployId(request.Repository, request.PrNumber, request.Target);
        return Results.Accepted($"/api/deploys/{deployId}", new { deployId, request.Repository, request.PrNumber, request.Target });
    }
}
