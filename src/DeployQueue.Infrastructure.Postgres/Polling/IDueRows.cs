using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Polling;

/// <summary>Rows that wait in a table until they are sent, and what becomes of each one a <see cref="DueRowPump{TRow}"/> claims.</summary>
public interface IDueRows<TRow> where TRow : class
{
    /// <summary>
    /// The rows due at <paramref name="now"/>, at most <paramref name="limit"/>, in the order they go, locked
    /// <c>FOR UPDATE SKIP LOCKED</c> so that other instances claim others.
    /// </summary>
    IQueryable<TRow> Claim(DbContext db, DateTimeOffset now, int limit);

    /// <summary>Where the row is sent; null for a row that is deleted without being sent.</summary>
    Uri? DestinationOf(TRow row);

    /// <summary>Sends the row as it was stored: envelope, headers, ids.</summary>
    IPipe<SendContext> SendPipe(TRow row, Uri destination);

    /// <summary>
    /// A row whose send failed (or did not finish in time), with which the pass ends: true when it was put off (its due time
    /// moved on, so that it does not hold back the others); false when it stays as it is, which keeps the order of the rows.
    /// </summary>
    bool PutOff(TRow row, DateTimeOffset now);

    /// <summary>The row, for the log.</summary>
    string Describe(TRow row);

    /// <summary>A pass committed: <paramref name="count"/> rows were sent (or dropped) and deleted.</summary>
    void Delivered(int count);
}
