using System.Data.Common;

namespace OrleansFed.Runtime;

/// <summary>
/// A SQL database the relational grain storage and reminder table run their statements on (SQLite or PostgreSQL).
/// Both engines take the same statements: named <c>@</c> parameters, <c>INSERT … ON CONFLICT</c>, <c>RETURNING</c>.
/// </summary>
internal interface IRelationalDatabase
{
    /// <summary>The qualified table names (a PostgreSQL schema prefix, or none for SQLite).</summary>
    RelationalTables Tables { get; }

    /// <summary>Runs <paramref name="work"/> on an open connection (the engine's own rules decide whether calls share it).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The statements to run.</param>
    /// <param name="cancellationToken">Cancels waiting for the connection and the statements.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>The parameter value for a record's <c>updated_at</c> column at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <returns>A value of the column's type.</returns>
    object Timestamp(DateTimeOffset now);
}
