using Npgsql;

namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>
/// A fresh schema on the test PostgreSQL server (<c>ORLEANSFED_TEST_POSTGRES</c>, which scripts/test.sh sets after
/// starting a throw-away server with scripts/test-postgres.sh), dropped on dispose. Without the variable the tests that
/// use it fail with this explanation rather than pass unseen.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    /// <summary>The environment variable holding the test server's Npgsql connection string.</summary>
    public const string Variable = "ORLEANSFED_TEST_POSTGRES";

    public PostgresTestDatabase()
    {
        ConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: the PostgreSQL tests need a server. Run the suite with ./scripts/test.sh, which starts " +
                "one with scripts/test-postgres.sh (Debian: apt-get install postgresql), or set it to an Npgsql connection string.");
        Schema = "t_" + Guid.NewGuid().ToString("N");
    }

    public string ConnectionString { get; }

    public string Schema { get; }

    public PostgresStorageOptions Options() => new() { ConnectionString = ConnectionString, Schema = Schema };

    /// <summary>Runs one scalar query on the test server (for checks on what the provider stored).</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        // Pooled connections of the providers under test may still hold the schema's tables; DROP waits for them.
        NpgsqlConnection.ClearAllPools();
        Scalar($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
    }
}
